namespace Dokuei.Server.Features.Requests;

/// <summary>The state of a reading task, named after the DICOM UPS procedure step states (PS3.4 CC.1.1).</summary>
public enum ReadingTaskState
{
    /// <summary>UPS SCHEDULED: waiting to be claimed.</summary>
    Scheduled,

    /// <summary>UPS IN PROGRESS: claimed by exactly one user.</summary>
    InProgress,

    /// <summary>UPS COMPLETED.</summary>
    Completed,

    /// <summary>UPS CANCELED.</summary>
    Cancelled,
}
