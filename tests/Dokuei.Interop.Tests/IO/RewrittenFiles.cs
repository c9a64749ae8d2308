using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Interop.Tests.IO;

/// <summary>One file we wrote: from which original, in which transfer syntax.</summary>
public sealed record RewrittenFile(string Name, string Original, TransferSyntax TransferSyntax, string Output)
{
    public override string ToString() => $"{Name} as {TransferSyntax.Name}";
}

/// <summary>
/// Packaged files and the synthetic CT written by <see cref="DicomFileWriter"/> in the four native transfer syntaxes, and
/// pydicom's JSON of all originals and outputs from one python process. Built once for the tests that look at them.
/// </summary>
public sealed class RewrittenFiles : IDisposable
{
    /// <summary>The transfer syntaxes every file is written in.</summary>
    public static readonly TransferSyntax[] Targets =
    [
        TransferSyntax.ImplicitVRLittleEndian,
        TransferSyntax.ExplicitVRLittleEndian,
        TransferSyntax.ExplicitVRBigEndian,
        TransferSyntax.DeflatedExplicitVRLittleEndian,
    ];

    /// <summary>
    /// Files of pydicom's data folder: every native transfer syntax as a source (implicit, explicit, big endian, deflated,
    /// no file meta), sequences nested and private, RT, SR and waveform objects, multi-byte and ISO 2022 character sets.
    /// Encapsulated files are left out: writing them in a native syntax needs transcoding, which the writer refuses.
    /// </summary>
    private static readonly string[] Sources =
    [
        "test_files/CT_small.dcm", "test_files/MR_small.dcm", "test_files/MR_small_implicit.dcm", "test_files/MR_small_bigendian.dcm",
        "test_files/ExplVR_BigEnd.dcm", "test_files/ExplVR_LitEndNoMeta.dcm", "test_files/image_dfl.dcm", "test_files/no_meta_group_length.dcm",
        "test_files/rtplan.dcm", "test_files/rtstruct.dcm", "test_files/rtdose.dcm", "test_files/test-SR.dcm", "test_files/reportsi.dcm",
        "test_files/waveform_ecg.dcm", "test_files/priv_SQ.dcm", "test_files/nested_priv_SQ.dcm", "test_files/SC_rgb_small_odd.dcm",
        "test_files/SC_ybr_full_422_uncompressed.dcm", "test_files/UN_sequence.dcm",
        "charset_files/chrArab.dcm", "charset_files/chrFren.dcm", "charset_files/chrFrenMulti.dcm", "charset_files/chrGerm.dcm",
        "charset_files/chrGreek.dcm", "charset_files/chrH31.dcm", "charset_files/chrH32.dcm", "charset_files/chrHbrw.dcm",
        "charset_files/chrI2.dcm", "charset_files/chrJapMulti.dcm", "charset_files/chrJapMultiExplicitIR6.dcm",
        "charset_files/chrKoreanMulti.dcm", "charset_files/chrRuss.dcm", "charset_files/chrSQEncoding.dcm",
        "charset_files/chrSQEncoding1.dcm", "charset_files/chrX1.dcm", "charset_files/chrX2.dcm",
    ];

    /// <summary>Name of the synthetic CT with the Japanese name among <see cref="Files"/>.</summary>
    public const string SyntheticCtName = "synthetic CT (ISO 2022 IR 87)";

    private readonly string _folder = Directory.CreateTempSubdirectory("dokuei-interop-").FullName;

    public RewrittenFiles()
    {
        var files = new List<RewrittenFile>();
        var originals = new List<(string Name, string Path)>();
        var synthetic = Path.Combine(_folder, "synthetic-ct.dcm");
        DicomFileWriter.Write(SyntheticDatasets.CtImage(), synthetic);
        originals.Add((SyntheticCtName, synthetic));
        originals.AddRange(Sources.Select(s => (s, Path.Combine(PeerTools.PydicomDataDirectory, s))));

        foreach (var (name, original) in originals)
        {
            var file = DicomFile.Open(original);
            foreach (var target in Targets)
            {
                var output = Path.Combine(_folder, $"{files.Count:D3}-{Path.GetFileNameWithoutExtension(original)}-{target.Uid}.dcm");
                DicomFileWriter.Write(file, output, target);
                files.Add(new RewrittenFile(name, original, target, output));
            }
        }

        Files = files;
        var paths = originals.Select(o => o.Path).Concat(files.Select(f => f.Output)).ToList();
        Pydicom = PydicomJson.Read(paths).ToDictionary(p => p.Path);
    }

    /// <summary>Every file written.</summary>
    public IReadOnlyList<RewrittenFile> Files { get; }

    /// <summary>pydicom's reading of every original and every output, by path.</summary>
    public IReadOnlyDictionary<string, PydicomJson> Pydicom { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
