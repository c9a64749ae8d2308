namespace Dokuei.Dicom;

/// <summary>
/// The value of an element read from DICOM JSON or XML as a BulkDataURI that was not fetched: the element keeps the URI
/// and writing it back to DICOM JSON gives the same BulkDataURI. Its bytes are unknown, so <see cref="Length"/>,
/// <see cref="Memory"/> and <see cref="Read"/> throw; resolve such values before writing Part 10.
/// </summary>
public sealed class DicomBulkDataReference : DicomBuffer
{
    /// <summary>Creates a reference to bulk data at <paramref name="uri"/>.</summary>
    public DicomBulkDataReference(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        Uri = uri;
    }

    /// <summary>The BulkDataURI as it was read.</summary>
    public string Uri { get; }

    /// <summary>Unknown until fetched: throws <see cref="InvalidOperationException"/>.</summary>
    public override long Length => throw NotFetched();

    /// <inheritdoc/>
    public override bool IsInMemory => false;

    /// <summary>Unknown until fetched: throws <see cref="InvalidOperationException"/>.</summary>
    public override ReadOnlyMemory<byte> Memory => throw NotFetched();

    /// <summary>Unknown until fetched: throws <see cref="InvalidOperationException"/>.</summary>
    public override int Read(long offset, Span<byte> destination) => throw NotFetched();

    /// <summary>The URI.</summary>
    public override string ToString() => Uri;

    private InvalidOperationException NotFetched() =>
        new($"The value is bulk data at '{Uri}' and was not fetched; read the JSON with DicomJsonReaderOptions.BulkDataResolver to fetch it.");
}
