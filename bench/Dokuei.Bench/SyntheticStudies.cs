using System.Buffers.Binary;
using System.Globalization;
using Dokuei.Dicom;
using Dokuei.Dicom.IO;

namespace Dokuei.Bench;

/// <summary>
/// Synthetic CT studies with the header of a real scanner's output (patient, study, series, frame of reference, equipment,
/// image plane, CT acquisition, VOI LUT, a code sequence), names in Japanese (ISO 2022 IR 87) and Latin (ISO_IR 100, ISO_IR 192).
/// Nothing here is real patient data.
/// </summary>
internal static class SyntheticStudies
{
    // The institution goes with the patient: its name must be encodable in the patient's character set.
    private static readonly (string CharacterSet, string Name, string Physician, string Institution)[] Patients =
    [
        (@"\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう", "Suzuki^Hanako=鈴木^花子=すずき^はなこ", "架空総合病院"),
        ("ISO_IR 100", "Müller^Jürgen", "Lefèvre^Éloïse", "Hôpital Fictif"),
        ("ISO_IR 192", "Tanaka^Yuki=田中^由紀=たなか^ゆき", "García^Iñaki", "架空医療センター Hôpital"),
    ];

    public static int Generate(Arguments options)
    {
        var output = options.Require("out");
        var studies = options.GetInt32("studies", 3);
        var instances = options.GetInt32("instances", 200);
        var size = options.GetInt32("size", 512);
        long bytes = 0;
        for (var s = 0; s < studies; s++)
        {
            var study = new StudyIds(s);
            var folder = Path.Combine(output, $"study{s + 1}");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < instances; i++)
            {
                var path = Path.Combine(folder, $"CT{i + 1:D4}.dcm");
                var dataset = CreateCtImage(study, i, size, size, frames: 1, PixelPattern(size, size, 1, i));
                DicomFileWriter.Write(new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian), path);
                bytes += new FileInfo(path).Length;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generate: {studies * instances} files, {bytes / 1e6:F1} MB in {output}"));
        return 0;
    }

    /// <summary>UIDs and names shared by the instances of one study.</summary>
    /// <remarks>Deterministic UIDs (fixed 2.25 numbers) keep fuzz cases reproducible from their seed alone.</remarks>
    internal sealed class StudyIds
    {
        private static readonly DicomUidGenerator Uids = new();
        private readonly bool _deterministic;
        private int _next;

        public StudyIds(int index, bool deterministic = false)
        {
            Index = index;
            _deterministic = deterministic;
            StudyUid = NewUid();
            SeriesUid = NewUid();
            FrameOfReferenceUid = NewUid();
        }

        public int Index { get; }

        public string StudyUid { get; }

        public string SeriesUid { get; }

        public string FrameOfReferenceUid { get; }

        public string NewInstanceUid() => NewUid();

        private string NewUid() => _deterministic
            ? string.Create(CultureInfo.InvariantCulture, $"2.25.271828182845904523536{Index:D3}{_next++:D4}")
            : Uids.Generate();
    }

    /// <summary>One CT image (or a multi-frame one) with a header close to what a scanner writes.</summary>
    internal static DicomDataset CreateCtImage(StudyIds study, int instance, int rows, int columns, int frames, DicomBuffer pixels)
    {
        var patient = Patients[study.Index % Patients.Length];
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, patient.CharacterSet);
        ds.SetString(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        ds.SetString(DicomTag.SOPInstanceUID, study.NewInstanceUid());
        ds.SetString(DicomTag.StudyDate, "20240315");
        ds.SetString(DicomTag.SeriesDate, "20240315");
        ds.SetString(DicomTag.AcquisitionDate, "20240315");
        ds.SetString(DicomTag.ContentDate, "20240315");
        ds.SetString(DicomTag.StudyTime, "101502.123");
        ds.SetString(DicomTag.SeriesTime, "101733.456");
        ds.SetString(DicomTag.AcquisitionTime, string.Create(CultureInfo.InvariantCulture, $"1018{instance % 60:D2}.{instance % 1000:D3}"));
        ds.SetString(DicomTag.ContentTime, "101905.000");
        ds.SetString(DicomTag.AccessionNumber, string.Create(CultureInfo.InvariantCulture, $"A{202400000 + study.Index}"));
        ds.SetString(DicomTag.Modality, "CT");
        ds.SetString(DicomTag.Manufacturer, "DOKUEI SYNTHETIC");
        ds.SetString(DicomTag.InstitutionName, patient.Institution);
        ds.SetString(DicomTag.ReferringPhysicianName, patient.Physician);
        ds.SetString(DicomTag.StationName, "CTSIM01");
        ds.SetString(DicomTag.StudyDescription, patient.CharacterSet == "ISO_IR 100" ? "CT THORAX C+" : "胸部CT 造影");
        ds.SetString(DicomTag.SeriesDescription, "AXIAL 1.0 B30f");
        ds.SetString(DicomTag.ManufacturerModelName, "Synthetic 128");
        var procedure = new DicomDataset();
        procedure.SetString(DicomTag.CodeValue, "RPID16");
        procedure.SetString(DicomTag.CodingSchemeDesignator, "RADLEX");
        procedure.SetString(DicomTag.CodeMeaning, "CT CHEST WITH CONTRAST");
        ds.SetSequence(DicomTag.ProcedureCodeSequence, procedure);
        ds.SetString(DicomTag.PatientName, patient.Name);
        ds.SetString(DicomTag.PatientID, string.Create(CultureInfo.InvariantCulture, $"SYN{study.Index + 1:D6}"));
        ds.SetString(DicomTag.PatientBirthDate, "19600101");
        ds.SetString(DicomTag.PatientSex, study.Index % 2 == 0 ? "M" : "F");
        ds.SetString(DicomTag.PatientAge, "064Y");
        ds.SetString(DicomTag.BodyPartExamined, "CHEST");
        ds.SetString(DicomTag.SliceThickness, "1.0");
        ds.SetString(DicomTag.KVP, "120");
        ds.SetString(DicomTag.DataCollectionDiameter, "500");
        ds.SetString(DicomTag.SoftwareVersions, "1.0.0");
        ds.SetString(DicomTag.ReconstructionDiameter, "350");
        ds.SetString(DicomTag.GantryDetectorTilt, "0");
        ds.SetString(DicomTag.TableHeight, "150");
        ds.SetString(DicomTag.RotationDirection, "CW");
        ds.SetString(DicomTag.ExposureTime, "500");
        ds.SetString(DicomTag.XRayTubeCurrent, "200");
        ds.SetString(DicomTag.Exposure, "100");
        ds.SetString(DicomTag.ConvolutionKernel, "B30f");
        ds.SetString(DicomTag.PatientPosition, "FFS");
        ds.SetString(DicomTag.StudyInstanceUID, study.StudyUid);
        ds.SetString(DicomTag.SeriesInstanceUID, study.SeriesUid);
        ds.SetString(DicomTag.StudyID, "1");
        ds.SetString(DicomTag.SeriesNumber, "2");
        ds.SetString(DicomTag.AcquisitionNumber, "1");
        ds.SetString(DicomTag.InstanceNumber, (instance + 1).ToString(CultureInfo.InvariantCulture));
        var z = (-instance * 1.0).ToString("F1", CultureInfo.InvariantCulture);
        ds.SetString(DicomTag.ImagePositionPatient, "-175.0", "-175.0", z);
        ds.SetString(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.SetString(DicomTag.FrameOfReferenceUID, study.FrameOfReferenceUid);
        ds.SetString(DicomTag.PositionReferenceIndicator, "");
        ds.SetString(DicomTag.SliceLocation, z);
        ds.SetUInt16(DicomTag.SamplesPerPixel, 1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        if (frames > 1)
        {
            ds.SetString(DicomTag.NumberOfFrames, frames.ToString(CultureInfo.InvariantCulture));
        }

        ds.SetUInt16(DicomTag.Rows, (ushort)rows);
        ds.SetUInt16(DicomTag.Columns, (ushort)columns);
        ds.SetString(DicomTag.PixelSpacing, "0.683594", "0.683594");
        ds.SetUInt16(DicomTag.BitsAllocated, 16);
        ds.SetUInt16(DicomTag.BitsStored, 12);
        ds.SetUInt16(DicomTag.HighBit, 11);
        ds.SetUInt16(DicomTag.PixelRepresentation, 0);
        ds.SetString(DicomTag.WindowCenter, "40", "-600");
        ds.SetString(DicomTag.WindowWidth, "400", "1500");
        ds.SetString(DicomTag.RescaleIntercept, "-1024");
        ds.SetString(DicomTag.RescaleSlope, "1");
        ds.SetString(DicomTag.RescaleType, "HU");
        ds.SetString(DicomTag.WindowCenterWidthExplanation, "MEDIASTINUM", "LUNG");
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
        return ds;
    }

    /// <summary>Pixel values generated on demand (a disc phantom with a slice-dependent radius), never held whole in memory.</summary>
    internal static DicomBuffer PixelPattern(int rows, int columns, int frames, int seed) => new PatternBuffer(rows, columns, frames, seed);

    private sealed class PatternBuffer(int rows, int columns, int frames, int seed) : DicomBuffer
    {
        private readonly long _frameBytes = (long)rows * columns * 2;
        private byte[]? _frame;

        public override long Length => _frameBytes * frames;

        public override bool IsInMemory => false;

        public override ReadOnlyMemory<byte> Memory => throw new NotSupportedException("generated pixel data is streamed, not held in memory");

        public override int Read(long offset, Span<byte> destination)
        {
            // Every frame is the same disc; only the first frame is computed.
            _frame ??= RenderFrame();
            var total = 0;
            while (total < destination.Length && offset + total < Length)
            {
                var within = (int)((offset + total) % _frameBytes);
                var n = (int)Math.Min(destination.Length - total, _frameBytes - within);
                _frame.AsSpan(within, n).CopyTo(destination[total..]);
                total += n;
            }

            return total;
        }

        private byte[] RenderFrame()
        {
            var frame = new byte[_frameBytes];
            var radius = Math.Min(rows, columns) * (0.35 + 0.05 * Math.Sin(seed * 0.05));
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var dx = x - columns / 2.0;
                    var dy = y - rows / 2.0;
                    var inside = dx * dx + dy * dy < radius * radius;
                    var value = (ushort)((inside ? 1064 : 24) + ((x * 31 + y * 17 + seed) & 15));
                    BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan((y * columns + x) * 2), value);
                }
            }

            return frame;
        }
    }
}
