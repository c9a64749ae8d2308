namespace Dokuei.Server.Features.Archive;

/// <summary>Log messages of the archive (event ids 1000-1099).</summary>
internal static partial class ArchiveLog
{
    [LoggerMessage(1000, LogLevel.Information, "Stored {SopInstanceUid} (study {StudyInstanceUid}, facility {FacilityId}, {Length} bytes, {Outcome}, version {Version})")]
    public static partial void Stored(ILogger logger, string sopInstanceUid, string studyInstanceUid, long facilityId, long length, StoreOutcome outcome, int version);

    [LoggerMessage(1001, LogLevel.Warning, "Refused an instance for facility {FacilityId}: {Reason:X4} {Message}")]
    public static partial void Refused(ILogger logger, long facilityId, ushort reason, string message);

    [LoggerMessage(1002, LogLevel.Warning, "SOP Instance {SopInstanceUid} arrived with different content; kept as version {Version}")]
    public static partial void NewVersion(ILogger logger, string sopInstanceUid, int version);

    [LoggerMessage(1003, LogLevel.Information, "Deleted study {StudyInstanceUid} of facility {FacilityId} ({Instances} instances) by {Actor}")]
    public static partial void StudyDeleted(ILogger logger, string studyInstanceUid, long facilityId, int instances, string actor);

    [LoggerMessage(1004, LogLevel.Information, "Removed {Count} temporary blobs left by an earlier run")]
    public static partial void TemporaryCleaned(ILogger logger, int count);

    [LoggerMessage(1006, LogLevel.Warning, "Removed {Count} blobs that an earlier run stored but never indexed")]
    public static partial void UnindexedRemoved(ILogger logger, int count);

    [LoggerMessage(1005, LogLevel.Warning, "Index conflict while storing {SopInstanceUid}; retrying ({Attempt})")]
    public static partial void Retrying(ILogger logger, string sopInstanceUid, int attempt);
}
