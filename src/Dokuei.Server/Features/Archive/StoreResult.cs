namespace Dokuei.Server.Features.Archive;

/// <summary>What happened to one received instance.</summary>
internal enum StoreOutcome
{
    /// <summary>Stored and indexed for the first time.</summary>
    Stored,

    /// <summary>The same SOP Instance UID with the same content was stored already: idempotent success.</summary>
    AlreadyStored,

    /// <summary>The SOP Instance UID was stored with different content; this content is kept as a new, current version.</summary>
    StoredAsNewVersion,

    /// <summary>Refused; see <see cref="StoreResult.FailureReason"/>.</summary>
    Failed,
}

/// <summary>The result of storing one instance, in the terms STOW-RS and C-STORE answer in.</summary>
internal sealed record StoreResult(
    StoreOutcome Outcome,
    string? SopClassUid,
    string? SopInstanceUid,
    string? StudyInstanceUid,
    string? SeriesInstanceUid,
    int Version = 0,
    ushort FailureReason = 0,
    string? Message = null)
{
    /// <summary>PS3.4 / PS3.18 failure reasons used by the archive.</summary>
    public static class Reasons
    {
        public const ushort ProcessingFailure = 0x0110;
        public const ushort OutOfResources = 0xA700;
        public const ushort DataSetDoesNotMatchSopClass = 0xA900;
        public const ushort CannotUnderstand = 0xC000;
        public const ushort StudyInstanceUidMismatch = 0xA900;
    }

    public bool Succeeded => Outcome != StoreOutcome.Failed;

    public static StoreResult Failure(ushort reason, string message, string? sopClassUid = null, string? sopInstanceUid = null) =>
        new(StoreOutcome.Failed, sopClassUid, sopInstanceUid, null, null, 0, reason, message);
}
