using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Dicom.Deidentification;

/// <summary>The original identity of a patient, kept under the pseudonym that replaced it.</summary>
/// <param name="PseudonymId">The Patient ID (0010,0020) written into the de-identified data.</param>
/// <param name="PseudonymName">The Patient's Name (0010,0010) written into the de-identified data, if any.</param>
/// <param name="PatientId">The original Patient ID.</param>
/// <param name="PatientName">The original Patient's Name.</param>
/// <param name="IssuerOfPatientId">The original Issuer of Patient ID (0010,0021).</param>
public sealed record DicomOriginalPatient(string PseudonymId, string? PseudonymName, string? PatientId, string? PatientName, string? IssuerOfPatientId);

/// <summary>The original study identifiers, kept under the replacement Study Instance UID.</summary>
/// <param name="StudyInstanceUid">The replacement Study Instance UID (0020,000D).</param>
/// <param name="AccessionNumber">The original Accession Number (0008,0050).</param>
/// <param name="StudyId">The original Study ID (0020,0010).</param>
public sealed record DicomOriginalStudy(string StudyInstanceUid, string? AccessionNumber, string? StudyId);

/// <summary>
/// The replacements made while de-identifying: original UID to replacement UID, the same for every instance
/// of a study and across studies processed with the same map, plus (when the caller asks for it) the original
/// patient and study identifiers. Saved and loaded as JSON so that the holder can re-identify results
/// (<see cref="DicomReidentifier"/>). The file is as sensitive as the original data: it links them.
/// </summary>
/// <remarks>Safe to use from several threads (a folder de-identified in parallel).</remarks>
public sealed partial class DicomUidMap
{
    private readonly ConcurrentDictionary<string, string> _replacements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _originals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pseudonyms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DicomOriginalPatient> _patients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DicomOriginalStudy> _studies = new(StringComparer.Ordinal);
    private readonly byte[]? _key;

    /// <summary>A map that replaces UIDs with new random "2.25." UIDs.</summary>
    public DicomUidMap()
        : this(new DicomUidGenerator())
    {
    }

    /// <summary>
    /// A map that makes replacements with <paramref name="generator"/>: random, or, with a <paramref name="derivationKey"/>,
    /// derived from the original (<see cref="DicomUidGenerator.Derive"/>) so that separate runs agree without sharing the map.
    /// </summary>
    public DicomUidMap(DicomUidGenerator generator, ReadOnlySpan<byte> derivationKey = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Generator = generator;
        if (!derivationKey.IsEmpty)
        {
            if (derivationKey.Length < 16)
            {
                throw new ArgumentException("The derivation key must have at least 16 bytes.", nameof(derivationKey));
            }

            _key = derivationKey.ToArray();
        }
    }

    /// <summary>Makes the replacement UIDs.</summary>
    public DicomUidGenerator Generator { get; }

    /// <summary>True if replacements are derived from the originals with a key rather than random.</summary>
    public bool IsDeterministic => _key != null;

    /// <summary>Number of UIDs mapped.</summary>
    public int Count => _replacements.Count;

    /// <summary>Every original UID with its replacement.</summary>
    public IEnumerable<KeyValuePair<string, string>> Uids => _replacements;

    /// <summary>The recorded original patient identities, by pseudonym.</summary>
    public IEnumerable<DicomOriginalPatient> Patients => _patients.Values;

    /// <summary>The recorded original study identifiers, by replacement Study Instance UID.</summary>
    public IEnumerable<DicomOriginalStudy> Studies => _studies.Values;

    /// <summary>The replacement of <paramref name="originalUid"/>, made now if it has none yet.</summary>
    public string GetOrAddReplacement(string originalUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalUid);
        var replacement = _replacements.GetOrAdd(originalUid, original => _key is null ? Generator.Generate() : Generator.Derive(original, _key));
        _originals.TryAdd(replacement, originalUid);
        return replacement;
    }

    /// <summary>Records a replacement made elsewhere (loading a map, or a UID the caller chose).</summary>
    /// <exception cref="InvalidOperationException">The original already has another replacement.</exception>
    public void Add(string originalUid, string replacementUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalUid);
        ArgumentException.ThrowIfNullOrEmpty(replacementUid);
        var stored = _replacements.GetOrAdd(originalUid, replacementUid);
        if (stored != replacementUid)
        {
            throw new InvalidOperationException($"{originalUid} is already mapped to {stored}.");
        }

        _originals.TryAdd(replacementUid, originalUid);
    }

    /// <summary>The replacement of an original UID, if it has one.</summary>
    public bool TryGetReplacement(string originalUid, out string replacementUid) => _replacements.TryGetValue(originalUid, out replacementUid!);

    /// <summary>The original of a replacement UID, if it is one.</summary>
    public bool TryGetOriginal(string replacementUid, out string originalUid) => _originals.TryGetValue(replacementUid, out originalUid!);

    /// <summary>
    /// The pseudonymous Patient ID for an original Patient ID, made now if needed: the same original gets the same
    /// pseudonym for every instance de-identified with this map (and, with a derivation key, in every run).
    /// </summary>
    /// <remarks>
    /// Random pseudonyms are saved with the map only as part of a recorded identity (<see cref="RecordPatient"/>), since
    /// saving them alone would put original Patient IDs in the file; without either, a later run gives a new pseudonym.
    /// </remarks>
    public string GetOrAddPatientPseudonym(string originalPatientId)
    {
        ArgumentNullException.ThrowIfNull(originalPatientId);
        return _pseudonyms.GetOrAdd(originalPatientId, original =>
        {
            Span<byte> bytes = stackalloc byte[32];
            if (_key is null)
            {
                RandomNumberGenerator.Fill(bytes);
            }
            else
            {
                HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("patient:" + original), bytes);
            }

            // 16 hex digits: 64 bits, short enough to read aloud and type, long enough not to collide in practice.
            return "ANON-" + Convert.ToHexString(bytes[..8]);
        });
    }

    /// <summary>Records the original identity of a patient under its pseudonym.</summary>
    public void RecordPatient(DicomOriginalPatient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        _patients[patient.PseudonymId] = patient;
        if (patient.PatientId != null)
        {
            _pseudonyms.TryAdd(patient.PatientId, patient.PseudonymId);
        }
    }

    /// <summary>Records the original identifiers of a study under its replacement Study Instance UID.</summary>
    public void RecordStudy(DicomOriginalStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        _studies[study.StudyInstanceUid] = study;
    }

    /// <summary>The recorded original identity behind a pseudonymous Patient ID.</summary>
    public bool TryGetPatient(string pseudonymId, out DicomOriginalPatient patient) => _patients.TryGetValue(pseudonymId, out patient!);

    /// <summary>The recorded original identifiers of a study, by its replacement Study Instance UID.</summary>
    public bool TryGetStudy(string replacementStudyInstanceUid, out DicomOriginalStudy study) => _studies.TryGetValue(replacementStudyInstanceUid, out study!);
}
