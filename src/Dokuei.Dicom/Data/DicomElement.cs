using System.Collections.ObjectModel;

namespace Dokuei.Dicom;

/// <summary>How an element was encoded where it was read from; lets an unchanged dataset be written back byte for byte.</summary>
/// <param name="WrittenVR">The VR bytes as they stood in explicit VR data (UN where the dictionary VR was applied); <see cref="DicomVR.None"/> in implicit VR data.</param>
/// <param name="UndefinedLength">True if a sequence or encapsulated pixel data had undefined length (FFFFFFFF).</param>
/// <param name="ImplicitContent">True if the contents of a UN sequence were implicit VR little endian (PS3.5 section 6.2.2).</param>
/// <param name="ImplicitHeader">True if the element itself was encoded with implicit VR inside explicit VR data (a vendor fault).</param>
public readonly record struct DicomElementOrigin(DicomVR WrittenVR, bool UndefinedLength, bool ImplicitContent, bool ImplicitHeader = false);

/// <summary>One data element of a dataset: a value, a sequence of items, or encapsulated pixel data fragments.</summary>
public abstract class DicomElement
{
    private protected DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The VR (for elements read as UN whose VR the dictionary knows, the dictionary VR).</summary>
    public DicomVR VR { get; }

    /// <summary>How the element was encoded where it was read from; null for elements made in memory.</summary>
    public DicomElementOrigin? Origin { get; internal init; }
}

/// <summary>An element with a value (everything but SQ and encapsulated pixel data).</summary>
public sealed class DicomValueElement : DicomElement
{
    /// <summary>Creates an element; the bytes are little endian and already padded to even length where the VR asks for it.</summary>
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomBuffer value)
        : base(tag, vr) => Buffer = value;

    /// <summary>Creates an element over bytes in memory (not copied).</summary>
    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
        : this(tag, vr, DicomBuffer.FromMemory(value))
    {
    }

    /// <summary>The value bytes, little endian.</summary>
    public DicomBuffer Buffer { get; }

    /// <summary>Length of the value in bytes.</summary>
    public long Length => Buffer.Length;

    /// <summary>The value bytes in memory (loaded from the file if left there).</summary>
    public ReadOnlySpan<byte> Span => Buffer.Memory.Span;
}

/// <summary>A sequence of items (VR SQ, or UN holding a sequence).</summary>
public sealed class DicomSequence : DicomElement
{
    /// <summary>Creates a sequence with the given items.</summary>
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null)
        : this(tag, DicomVR.SQ, items)
    {
    }

    internal DicomSequence(DicomTag tag, DicomVR vr, IEnumerable<DicomDataset>? items)
        : base(tag, vr)
    {
        Items = new ItemCollection(this);
        if (items != null)
        {
            foreach (var item in items)
            {
                Items.Add(item);
            }
        }

        IsModified = false;
    }

    /// <summary>The items, in order.</summary>
    public Collection<DicomDataset> Items { get; }

    /// <summary>The dataset the sequence is in; items inherit its Specific Character Set.</summary>
    public DicomDataset? Parent { get; internal set; }

    internal bool IsModified { get; set; }

    private sealed class ItemCollection(DicomSequence owner) : Collection<DicomDataset>
    {
        protected override void InsertItem(int index, DicomDataset item)
        {
            item.ParentSequence = owner;
            owner.IsModified = true;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            item.ParentSequence = owner;
            owner.IsModified = true;
            base.SetItem(index, item);
        }

        protected override void RemoveItem(int index)
        {
            owner.IsModified = true;
            base.RemoveItem(index);
        }

        protected override void ClearItems()
        {
            owner.IsModified = true;
            base.ClearItems();
        }
    }
}

/// <summary>Encapsulated pixel data (PS3.5 section A.4): a basic offset table and the fragments of compressed frames.</summary>
public sealed class DicomFragmentSequence : DicomElement
{
    /// <summary>Creates encapsulated pixel data.</summary>
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer basicOffsetTable, IEnumerable<DicomBuffer> fragments)
        : base(tag, vr)
    {
        BasicOffsetTable = basicOffsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The first item: the basic offset table (may be empty).</summary>
    public DicomBuffer BasicOffsetTable { get; }

    /// <summary>The fragments after the offset table.</summary>
    public IReadOnlyList<DicomBuffer> Fragments { get; }
}
