namespace Dokuei.Dicom;

/// <summary>
/// Makes the BulkDataURI of a value written as bulk data.
/// </summary>
/// <param name="attributePath">Where the element is, e.g. <c>/(0040,A730)/0/(7FE0,0010)</c> (item indexes count from 0).</param>
/// <param name="element">The element; its value is not loaded.</param>
public delegate string DicomBulkDataUriFactory(string attributePath, DicomElement element);

/// <summary>Options of <see cref="DicomJsonWriter"/> (PS3.18 Annex F) and <see cref="DicomXmlWriter"/> (PS3.19 Native DICOM Model).</summary>
public sealed class DicomWebWriterOptions
{
    /// <summary>The defaults: bulk data above 1024 bytes, no group lengths, no file meta information.</summary>
    public static DicomWebWriterOptions Default { get; } = new();

    /// <summary>
    /// Values of OB, OD, OF, OL, OV, OW and UN, and encapsulated pixel data, longer than this many bytes are written as a
    /// BulkDataURI (never loaded); values of this length or shorter are written inline as base64. Default 1024.
    /// </summary>
    public long BulkDataThreshold { get; init; } = 1024;

    /// <summary>
    /// Makes the URI of a bulk data value. Without one, the URI is the attribute path (<c>/(7FE0,0010)</c>),
    /// a relative reference that a caller can resolve against the instance it came from.
    /// </summary>
    public DicomBulkDataUriFactory? BulkDataUriFactory { get; init; }

    /// <summary>Writes group length elements (gggg,0000). PS3.18 F.2.2 and PS3.19 A.1.1 leave them out, so the default is false.</summary>
    public bool IncludeGroupLengths { get; init; }

    /// <summary>Writes file meta information elements (group 0002) held in the dataset. Default false, as pydicom's <c>to_json_dict</c> does.</summary>
    public bool IncludeFileMetaInformation { get; init; }

    /// <summary>Indents the output (XML only; DICOM JSON is written on one line).</summary>
    public bool Indent { get; init; }
}
