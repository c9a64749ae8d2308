namespace Dokuei.Dicom.Tests.TestSupport;

/// <summary>Compares datasets element by element: tags, value bytes (little endian), items and fragments.</summary>
internal static class DatasetAssert
{
    /// <summary>Asserts the datasets hold the same elements; <paramref name="compareVR"/> is false for implicit VR data, where the VR comes from the dictionary (private elements read as UN).</summary>
    public static void Equal(DicomDataset expected, DicomDataset actual, bool compareVR, string path = "")
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.True(e.Count == a.Count, $"{path}: {e.Count} elements expected, {a.Count} read: [{string.Join(' ', a.Select(x => x.Tag))}]");
        for (var i = 0; i < e.Count; i++)
        {
            var where = $"{path}/{e[i].Tag}";
            Assert.True(e[i].Tag == a[i].Tag, $"{where}: found {a[i].Tag}");
            if (compareVR)
            {
                Assert.True(e[i].VR == a[i].VR, $"{where}: VR {e[i].VR} expected, {a[i].VR} read");
            }

            switch (e[i])
            {
                case DicomValueElement value:
                    var read = Assert.IsType<DicomValueElement>(a[i]);
                    Assert.True(value.Span.SequenceEqual(read.Span), $"{where}: {Convert.ToHexString(value.Span)} expected, {Convert.ToHexString(read.Span)} read");
                    break;
                case DicomSequence sequence:
                    var readSequence = Assert.IsType<DicomSequence>(a[i]);
                    Assert.Equal(sequence.Items.Count, readSequence.Items.Count);
                    for (var j = 0; j < sequence.Items.Count; j++)
                    {
                        Equal(sequence.Items[j], readSequence.Items[j], compareVR, $"{where}/{j}");
                    }

                    break;
                case DicomFragmentSequence fragments:
                    var readFragments = Assert.IsType<DicomFragmentSequence>(a[i]);
                    Assert.Equal(fragments.BasicOffsetTable.Memory.ToArray(), readFragments.BasicOffsetTable.Memory.ToArray());
                    Assert.Equal(fragments.Fragments.Select(f => f.Memory.ToArray()), readFragments.Fragments.Select(f => f.Memory.ToArray()));
                    break;
                default:
                    break;
            }
        }
    }
}
