namespace Dokuei.Server.Features.Requests;

/// <summary>Where a reading request (読影依頼) stands in its workflow.</summary>
public enum ReadingRequestState
{
    /// <summary>Being written by the facility; not yet sent.</summary>
    Draft,

    /// <summary>Sent with its images in the archive; waiting for the center to accept it.</summary>
    Submitted,

    /// <summary>Sent before its images: waits until the expected study arrives.</summary>
    WaitingForImages,

    /// <summary>Accepted by the center, due time set; readers are being chosen.</summary>
    Triage,

    /// <summary>The first reader (or both blind readers) are assigned; nobody has started.</summary>
    Assigned,

    /// <summary>A first (or blind) reader is reading.</summary>
    InReading,

    /// <summary>Second or third reading, or reconciliation of a blind double reading.</summary>
    InSecondReading,

    /// <summary>The signed report waits for or is in the QA check (レポートチェック).</summary>
    InQa,

    /// <summary>QA returned the report to its reader for correction.</summary>
    ReturnedForCorrection,

    /// <summary>The final report is signed; addenda may follow.</summary>
    Final,

    /// <summary>The final report (and every addendum) has been delivered to the facility.</summary>
    Delivered,

    /// <summary>Waiting for the facility to answer a question from the center.</summary>
    OnHold,

    /// <summary>Refused by the center with a reason (e.g. images insufficient: re-capture). Terminal.</summary>
    Rejected,

    /// <summary>Withdrawn before reading started. Terminal.</summary>
    Cancelled,
}
