namespace Dokuei.Server.Features.Notifications;

/// <summary>What an in-app notification is about.</summary>
public enum NotificationKind
{
    /// <summary>A request has used the at-risk share of its time (coordinators).</summary>
    AtRisk,

    /// <summary>A request is past its due time (coordinators).</summary>
    Overdue,

    /// <summary>A report was signed with a critical finding (the facility).</summary>
    CriticalFinding,

    /// <summary>Nobody acknowledged a critical finding in time (coordinators).</summary>
    CriticalEscalation,

    /// <summary>A new message in the thread of a request the user takes part in.</summary>
    Comment,
}

/// <summary>
/// One in-app notification for one user: what happened to which request, when, and whether the user has read it.
/// Only its user sees it; the rest is immutable.
/// </summary>
public sealed class Notification
{
    private Notification()
    {
        Text = string.Empty;
    }

    /// <summary>Identity (a version 7 UUID: newest is largest).</summary>
    public Guid Id { get; private set; }

    /// <summary>The user it is for.</summary>
    public Guid UserId { get; private set; }

    /// <summary>What it is about.</summary>
    public NotificationKind Kind { get; private set; }

    /// <summary>The request it concerns.</summary>
    public Guid? RequestId { get; private set; }

    /// <summary>That request's facility.</summary>
    public long? FacilityId { get; private set; }

    /// <summary>The thing that caused it (comment, critical notification), so that it is raised once.</summary>
    public Guid? SubjectId { get; private set; }

    /// <summary>A short text for the list (Japanese and English).</summary>
    public string Text { get; private set; }

    /// <summary>When it was raised.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When its user marked it read.</summary>
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>Creates a notification.</summary>
    public static Notification Raise(Guid id, Guid userId, NotificationKind kind, Guid? requestId, long? facilityId, Guid? subjectId, string text, DateTimeOffset at) => new()
    {
        Id = id,
        UserId = userId,
        Kind = kind,
        RequestId = requestId,
        FacilityId = facilityId,
        SubjectId = subjectId,
        Text = text,
        CreatedAt = at,
    };

    /// <summary>Marks it read; reading it again keeps the first time.</summary>
    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}
