using System.Text.Json;

namespace Dokuei.Dicom.Deidentification;

public sealed partial class DicomUidMap
{
    private const string FormatName = "dokuei-deidentification-map";
    private const int FormatVersion = 1;

    /// <summary>
    /// Writes the map as one JSON document: the UID pairs, and the recorded patients and studies. The derivation key,
    /// if any, is not written; keep it apart from the map.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteNumber("version", FormatVersion);
        writer.WriteString("uidRoot", Generator.Root ?? DicomUidGenerator.UuidRoot);
        writer.WriteBoolean("deterministic", IsDeterministic);

        writer.WriteStartObject("uids");
        foreach (var (original, replacement) in _replacements.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(original, replacement);
        }

        writer.WriteEndObject();

        writer.WriteStartArray("patients");
        foreach (var patient in _patients.Values.OrderBy(p => p.PseudonymId, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("pseudonymId", patient.PseudonymId);
            WriteOptional(writer, "pseudonymName", patient.PseudonymName);
            WriteOptional(writer, "patientId", patient.PatientId);
            WriteOptional(writer, "patientName", patient.PatientName);
            WriteOptional(writer, "issuerOfPatientId", patient.IssuerOfPatientId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("studies");
        foreach (var study in _studies.Values.OrderBy(s => s.StudyInstanceUid, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("studyInstanceUid", study.StudyInstanceUid);
            WriteOptional(writer, "accessionNumber", study.AccessionNumber);
            WriteOptional(writer, "studyId", study.StudyId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the map to a file (replacing it), through a temporary file so that a crash never leaves half a map.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Save(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads a map written by <see cref="Save(Stream)"/>. New replacements are made with <paramref name="generator"/>
    /// (random "2.25." UIDs if null) and, if given, <paramref name="derivationKey"/>.
    /// </summary>
    /// <exception cref="FormatException">The document is not a de-identification map.</exception>
    public static DicomUidMap Load(Stream stream, DicomUidGenerator? generator = null, ReadOnlySpan<byte> derivationKey = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.GetString() != FormatName
            || !root.TryGetProperty("version", out var version) || version.GetInt32() != FormatVersion)
        {
            throw new FormatException($"Not a {FormatName} version {FormatVersion} document.");
        }

        var map = new DicomUidMap(generator ?? new DicomUidGenerator(), derivationKey);
        if (root.TryGetProperty("uids", out var uids))
        {
            foreach (var pair in uids.EnumerateObject())
            {
                map.Add(pair.Name, pair.Value.GetString() ?? throw new FormatException($"The replacement of {pair.Name} is not a string."));
            }
        }

        if (root.TryGetProperty("patients", out var patients))
        {
            foreach (var patient in patients.EnumerateArray())
            {
                map.RecordPatient(new DicomOriginalPatient(
                    Required(patient, "pseudonymId"),
                    Optional(patient, "pseudonymName"),
                    Optional(patient, "patientId"),
                    Optional(patient, "patientName"),
                    Optional(patient, "issuerOfPatientId")));
            }
        }

        if (root.TryGetProperty("studies", out var studies))
        {
            foreach (var study in studies.EnumerateArray())
            {
                map.RecordStudy(new DicomOriginalStudy(Required(study, "studyInstanceUid"), Optional(study, "accessionNumber"), Optional(study, "studyId")));
            }
        }

        return map;
    }

    /// <summary>Reads a map from a file; see <see cref="Load(Stream, DicomUidGenerator?, ReadOnlySpan{byte})"/>.</summary>
    public static DicomUidMap Load(string path, DicomUidGenerator? generator = null, ReadOnlySpan<byte> derivationKey = default)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, generator, derivationKey);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value != null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Required(JsonElement element, string name) =>
        Optional(element, name) ?? throw new FormatException($"A map entry lacks \"{name}\".");

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
