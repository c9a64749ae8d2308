namespace Dokuei.Dicom;

/// <summary>A transfer syntax (PS3.5 section 10): how a dataset is encoded on the wire or in a file.</summary>
public sealed class TransferSyntax : IEquatable<TransferSyntax>
{
    private static readonly Dictionary<string, TransferSyntax> Known = new(StringComparer.Ordinal);

    private TransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool lossy, bool register = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        IsLossy = lossy;
        if (register)
        {
            Known[uid] = this;
        }
    }

    /// <summary>The transfer syntax UID.</summary>
    public string Uid { get; }

    /// <summary>The name from PS3.6 Table A-1.</summary>
    public string Name { get; }

    /// <summary>True if every data element carries its VR.</summary>
    public bool IsExplicitVR { get; }

    /// <summary>True for the retired Explicit VR Big Endian.</summary>
    public bool IsBigEndian { get; }

    /// <summary>True if the dataset after the file meta information is deflated (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>True if pixel data is encapsulated (compressed frames in fragments).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>True if the pixel data compression loses information.</summary>
    public bool IsLossy { get; }

    /// <summary>True if this UID was not one this library knows; it is then read as explicit VR little endian, encapsulated.</summary>
    public bool IsUnknown { get; private init; }

    /// <summary>Implicit VR Little Endian, the DICOM default (1.2.840.10008.1.2).</summary>
    public static TransferSyntax ImplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, false);

    /// <summary>Explicit VR Little Endian (1.2.840.10008.1.2.1).</summary>
    public static TransferSyntax ExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, false);

    /// <summary>Encapsulated Uncompressed Explicit VR Little Endian (1.2.840.10008.1.2.1.98).</summary>
    public static TransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, true, false);

    /// <summary>Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).</summary>
    public static TransferSyntax DeflatedExplicitVRLittleEndian { get; } = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, false);

    /// <summary>Explicit VR Big Endian, retired but still found in archives (1.2.840.10008.1.2.2).</summary>
    public static TransferSyntax ExplicitVRBigEndian { get; } = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (Retired)", true, true, false, false, false);

#pragma warning disable CS1591 // Names are PS3.6 Table A-1's.
    public static TransferSyntax JpegBaseline8Bit { get; } = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, true, true);
    public static TransferSyntax JpegExtended12Bit { get; } = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, true, true);
    public static TransferSyntax JpegLossless { get; } = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, true, false);
    public static TransferSyntax JpegLosslessSV1 { get; } = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, true, false);
    public static TransferSyntax JpegLsLossless { get; } = new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, false, false, true, false);
    public static TransferSyntax JpegLsNearLossless { get; } = new("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true, false, false, true, true);
    public static TransferSyntax Jpeg2000Lossless { get; } = new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, true, false);
    public static TransferSyntax Jpeg2000 { get; } = new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, true, true);
    public static TransferSyntax Jpeg2000Part2MulticomponentLossless { get; } = new("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", true, false, false, true, false);
    public static TransferSyntax Jpeg2000Part2Multicomponent { get; } = new("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true, false, false, true, true);
    public static TransferSyntax JpipReferenced { get; } = new("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, false, false);
    public static TransferSyntax JpipReferencedDeflate { get; } = new("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, false, false);
    public static TransferSyntax Mpeg2MainProfile { get; } = new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false, true, true);
    public static TransferSyntax Mpeg2MainProfileHighLevel { get; } = new("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", true, false, false, true, true);
    public static TransferSyntax Mpeg4Avc { get; } = new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, false, true, true);
    public static TransferSyntax Mpeg4AvcBd { get; } = new("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true, false, false, true, true);
    public static TransferSyntax Mpeg4Avc2D { get; } = new("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true, false, false, true, true);
    public static TransferSyntax Mpeg4Avc3D { get; } = new("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true, false, false, true, true);
    public static TransferSyntax Mpeg4AvcStereo { get; } = new("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true, false, false, true, true);
    public static TransferSyntax Hevc { get; } = new("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", true, false, false, true, true);
    public static TransferSyntax Hevc10 { get; } = new("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", true, false, false, true, true);
    public static TransferSyntax JpegXlLossless { get; } = new("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", true, false, false, true, false);
    public static TransferSyntax JpegXlJpegRecompression { get; } = new("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", true, false, false, true, false);
    public static TransferSyntax JpegXl { get; } = new("1.2.840.10008.1.2.4.112", "JPEG XL", true, false, false, true, true);
    public static TransferSyntax HighThroughputJpeg2000Lossless { get; } = new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, true, false);
    public static TransferSyntax HighThroughputJpeg2000RpclLossless { get; } = new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", true, false, false, true, false);
    public static TransferSyntax HighThroughputJpeg2000 { get; } = new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, true, true);
    public static TransferSyntax RleLossless { get; } = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true, false);
    public static TransferSyntax SmpteSt211020 { get; } = new("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", true, false, false, false, false);
    public static TransferSyntax SmpteSt211020Interlaced { get; } = new("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", true, false, false, false, false);
    public static TransferSyntax SmpteSt211030 { get; } = new("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", true, false, false, false, false);
    public static TransferSyntax JpegExtended35Retired { get; } = new("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegSpectralSelectionNonHierarchical79Retired { get; } = new("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegFullProgressionNonHierarchical1012Retired { get; } = new("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegFullProgressionNonHierarchical1113Retired { get; } = new("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegExtendedHierarchical1618Retired { get; } = new("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegExtendedHierarchical1719Retired { get; } = new("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegSpectralSelectionHierarchical2022Retired { get; } = new("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegSpectralSelectionHierarchical2123Retired { get; } = new("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegFullProgressionHierarchical2426Retired { get; } = new("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical (Process 24 & 26) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegFullProgressionHierarchical2527Retired { get; } = new("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical (Process 25 & 27) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegLosslessHierarchical28Retired { get; } = new("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28) (Retired)", true, false, false, true, false);
    public static TransferSyntax JpegLosslessHierarchical29Retired { get; } = new("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29) (Retired)", true, false, false, true, false);
    public static TransferSyntax Mpeg2MainProfileFragmentable { get; } = new("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", true, false, false, true, true);
    public static TransferSyntax Mpeg2MainProfileHighLevelFragmentable { get; } = new("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", true, false, false, true, true);
    public static TransferSyntax Mpeg4AvcFragmentable { get; } = new("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, false, true, true);
    public static TransferSyntax Mpeg4AvcBdFragmentable { get; } = new("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true, false, false, true, true);
    public static TransferSyntax Mpeg4Avc2DFragmentable { get; } = new("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true, false, false, true, true);
    public static TransferSyntax Mpeg4Avc3DFragmentable { get; } = new("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true, false, false, true, true);
    public static TransferSyntax Mpeg4AvcStereoFragmentable { get; } = new("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true, false, false, true, true);
    public static TransferSyntax JpipHtj2kReferenced { get; } = new("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", true, false, false, false, false);
    public static TransferSyntax JpipHtj2kReferencedDeflate { get; } = new("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", true, false, true, false, false);
    public static TransferSyntax Rfc2557MimeEncapsulationRetired { get; } = new("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (Retired)", true, false, false, false, false);
    public static TransferSyntax XmlEncodingRetired { get; } = new("1.2.840.10008.1.2.6.2", "XML Encoding (Retired)", true, false, false, false, false);
    public static TransferSyntax Papyrus3ImplicitVRLittleEndianRetired { get; } = new("1.2.840.10008.1.20", "Papyrus 3 Implicit VR Little Endian (Retired)", false, false, false, false, false);
    public static TransferSyntax JpegFullProgression68Retired { get; } = new("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)", true, false, false, true, true);
    public static TransferSyntax JpegLosslessNonHierarchical15Retired { get; } = new("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15) (Retired)", true, false, false, true, false);
#pragma warning restore CS1591

    /// <summary>All transfer syntaxes known to this library.</summary>
    public static IEnumerable<TransferSyntax> All => Known.Values;

    /// <summary>Finds a transfer syntax by UID; unknown UIDs get an explicit VR little endian, encapsulated description (what later-defined syntaxes use).</summary>
    public static TransferSyntax Lookup(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(uid, out var ts)
            ? ts
            : new TransferSyntax(uid, "Unknown transfer syntax", true, false, false, true, false, register: false) { IsUnknown = true };
    }

    /// <summary>Finds a transfer syntax by UID, false if the UID is not known.</summary>
    public static bool TryLookup(string uid, out TransferSyntax transferSyntax)
    {
        var found = Known.TryGetValue(uid.TrimEnd('\0', ' '), out var ts);
        transferSyntax = ts ?? ExplicitVRLittleEndian;
        return found;
    }

    /// <inheritdoc/>
    public bool Equals(TransferSyntax? other) => other is not null && other.Uid == Uid;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TransferSyntax);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

    /// <summary>Name and UID.</summary>
    public override string ToString() => $"{Name} ({Uid})";
}
