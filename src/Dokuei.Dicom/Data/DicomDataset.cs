using System.Collections;

namespace Dokuei.Dicom;

/// <summary>
/// A DICOM dataset: elements ordered by tag. Elements read from a file keep their original bytes,
/// so a dataset read and not changed is written back byte for byte.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements;
    private bool _unsorted;
    private DicomCharacterSet? _characterSet;

    /// <summary>Creates an empty dataset.</summary>
    public DicomDataset() => _elements = [];

    /// <summary>Creates a dataset holding the given elements.</summary>
    public DicomDataset(IEnumerable<DicomElement> elements)
        : this()
    {
        foreach (var element in elements)
        {
            Set(element);
        }

        IsModified = false;
    }

    /// <summary>Number of elements at this level.</summary>
    public int Count => _elements.Count;

    /// <summary>The sequence this dataset is an item of, if any.</summary>
    public DicomSequence? ParentSequence { get; internal set; }

    /// <summary>True if this item had undefined length where it was read from.</summary>
    internal bool UndefinedLengthItem { get; set; }

    /// <summary>True if elements were added, replaced or removed since reading (this level only).</summary>
    internal bool IsModified { get; private set; }

    /// <summary>
    /// The character set of this dataset's strings: its own Specific Character Set (0008,0005),
    /// or that of the dataset it is nested in.
    /// </summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet != null)
            {
                return _characterSet;
            }

            if (TryGetElement(DicomTag.SpecificCharacterSetTag, out var element) && element is DicomValueElement value)
            {
                _characterSet = DicomCharacterSet.FromSpecificCharacterSet(System.Text.Encoding.ASCII.GetString(value.Span));
            }
            else
            {
                _characterSet = ParentSequence?.Parent?.CharacterSet ?? DicomCharacterSet.Default;
            }

            return _characterSet;
        }
    }

    /// <summary>The element with the tag, or null.</summary>
    public DicomElement? this[DicomTag tag] => TryGetElement(tag, out var element) ? element : null;

    /// <summary>True if the dataset holds the tag (at this level).</summary>
    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>Finds an element at this level.</summary>
    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var index = IndexOf(tag);
        element = index >= 0 ? _elements[index] : null!;
        return index >= 0;
    }

    /// <summary>Adds or replaces an element, keeping tag order.</summary>
    public void Set(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (_unsorted)
        {
            // The original order only matters for writing back unchanged data; a change ends that.
            _elements.Sort(static (a, b) => a.Tag.CompareTo(b.Tag));
            _unsorted = false;
        }

        var index = BinarySearch(element.Tag);
        if (index >= 0)
        {
            _elements[index] = element;
        }
        else
        {
            _elements.Insert(~index, element);
        }

        Adopt(element);
        IsModified = true;
    }

    /// <summary>Removes an element; false if it was not there.</summary>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        _elements.RemoveAt(index);
        if (tag == DicomTag.SpecificCharacterSetTag)
        {
            _characterSet = null;
        }

        IsModified = true;
        return true;
    }

    /// <summary>Removes every element for which <paramref name="predicate"/> is true; returns how many.</summary>
    public int RemoveAll(Predicate<DicomElement> predicate)
    {
        var removed = _elements.RemoveAll(predicate);
        if (removed > 0)
        {
            _characterSet = null;
            IsModified = true;
        }

        return removed;
    }

    /// <summary>True if anything in this dataset or in any nested item changed since it was read.</summary>
    public bool HasChanges()
    {
        if (IsModified)
        {
            return true;
        }

        foreach (var element in _elements)
        {
            if (element is DicomSequence sequence)
            {
                if (sequence.IsModified)
                {
                    return true;
                }

                foreach (var item in sequence.Items)
                {
                    if (item.HasChanges())
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A deep copy: elements and items are copied, value bytes are shared (they are immutable).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var element in _elements)
        {
            copy._elements.Add(element is DicomSequence sequence ? CloneSequence(sequence) : element);
        }

        foreach (var element in copy._elements)
        {
            copy.Adopt(element);
        }

        copy._unsorted = _unsorted;
        copy.UndefinedLengthItem = UndefinedLengthItem;
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Appends an element while reading, keeping file order (used by the parser only).</summary>
    internal void AppendRead(DicomElement element)
    {
        if (_elements.Count > 0 && _elements[^1].Tag >= element.Tag)
        {
            _unsorted = true;
        }

        _elements.Add(element);
        Adopt(element);
    }

    /// <summary>Marks the dataset as unchanged (after reading).</summary>
    internal void MarkUnmodified()
    {
        IsModified = false;
        foreach (var element in _elements)
        {
            if (element is DicomSequence sequence)
            {
                sequence.IsModified = false;
                foreach (var item in sequence.Items)
                {
                    item.MarkUnmodified();
                }
            }
        }
    }

    private static DicomSequence CloneSequence(DicomSequence sequence)
    {
        var copy = new DicomSequence(sequence.Tag, sequence.VR, sequence.Items.Select(item => item.Clone())) { Origin = sequence.Origin };
        copy.IsModified = sequence.IsModified;
        return copy;
    }

    private void Adopt(DicomElement element)
    {
        if (element is DicomSequence sequence)
        {
            sequence.Parent = this;
        }

        if (element.Tag == DicomTag.SpecificCharacterSetTag)
        {
            _characterSet = null;
        }
    }

    private int IndexOf(DicomTag tag)
    {
        if (!_unsorted)
        {
            var index = BinarySearch(tag);
            return index >= 0 ? index : -1;
        }

        for (var i = 0; i < _elements.Count; i++)
        {
            if (_elements[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }

    private int BinarySearch(DicomTag tag)
    {
        int lo = 0, hi = _elements.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = _elements[mid].Tag.Value.CompareTo(tag.Value);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}

public sealed partial class DicomDataset
{
    /// <summary>Replaces an element in place while reading, keeping its position and the unchanged flag.</summary>
    internal void ReplaceRead(DicomElement element)
    {
        for (var i = _elements.Count - 1; i >= 0; i--)
        {
            if (_elements[i].Tag == element.Tag)
            {
                _elements[i] = element;
                Adopt(element);
                return;
            }
        }

        AppendRead(element);
    }
}
