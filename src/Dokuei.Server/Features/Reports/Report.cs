using Dokuei.Server.Data;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Features.Reports;

/// <summary>
/// The report of a reading request, as versions: each reading step's draft, signed as preliminary (a reading that is
/// not the last of the mode) or final (the last one, or its correction after QA), then addenda. A signed version never
/// changes; earlier ones stay readable. The report also keeps its QA decisions, critical-finding notifications and
/// read receipts. The request aggregate decides whose turn it is; this one guards the versions.
/// </summary>
public sealed class Report
{
    private readonly List<ReportVersion> _versions = [];
    private List<QaDecision> _qaDecisions = [];
    private readonly List<CriticalNotification> _criticalNotifications = [];
    private List<ReadReceipt> _readReceipts = [];
    private List<Guid> _designatedReaders = [];

    private Report()
    {
    }

    /// <summary>Identity of the report.</summary>
    public Guid Id { get; private set; }

    /// <summary>The request it reports on (one report per request).</summary>
    public Guid RequestId { get; private set; }

    /// <summary>The ordering facility.</summary>
    public long FacilityId { get; private set; }

    /// <summary>When it was created (the first draft).</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<ReportVersion> Versions => _versions;

    /// <summary>QA decisions, oldest first.</summary>
    public IReadOnlyList<QaDecision> QaDecisions => _qaDecisions;

    /// <summary>Critical-finding notifications, oldest first.</summary>
    public IReadOnlyList<CriticalNotification> CriticalNotifications => _criticalNotifications;

    /// <summary>Who opened which version when.</summary>
    public IReadOnlyList<ReadReceipt> ReadReceipts => _readReceipts;

    /// <summary>People besides the ordering physician whose reading counts as the report being read.</summary>
    public IReadOnlyList<Guid> DesignatedReaders => _designatedReaders;

    /// <summary>The last final or addendum version: what the facility reads.</summary>
    public ReportVersion? Released => _versions.LastOrDefault(v => v.Status is ReportVersionStatus.Final or ReportVersionStatus.Addendum);

    /// <summary>The last signed final version (the base of addenda).</summary>
    public ReportVersion? LatestFinal => _versions.LastOrDefault(v => v.Status == ReportVersionStatus.Final);

    /// <summary>Starts the report of a request.</summary>
    public static Report Create(Guid id, Guid requestId, long facilityId, DateTimeOffset at) =>
        new() { Id = id, RequestId = requestId, FacilityId = facilityId, CreatedAt = at };

    /// <summary>The version with id <paramref name="versionId"/>.</summary>
    /// <exception cref="DomainException"><c>report.version_not_found</c>.</exception>
    public ReportVersion Version(Guid versionId) =>
        _versions.Find(v => v.Id == versionId) ?? throw new DomainException("report.version_not_found", "The report has no such version.");

    /// <summary>
    /// Starts a draft of <paramref name="step"/> by <paramref name="authorId"/>, filled with <paramref name="content"/>
    /// (a template, or the reading being reviewed).
    /// </summary>
    /// <exception cref="DomainException"><c>report.draft_exists</c>: the author already has a draft of this step.</exception>
    public ReportVersion StartDraft(Guid versionId, ReadingStep step, Guid authorId, ReportContent content, DateTimeOffset at)
    {
        if (_versions.Exists(v => v.Step == step && v.AuthorId == authorId && v.Status == ReportVersionStatus.Draft))
        {
            throw new DomainException("report.draft_exists", $"There is already a draft of the {step} step by this reader.");
        }

        var version = new ReportVersion(versionId, _versions.Count + 1, step, authorId, at);
        version.Write(content, at);
        _versions.Add(version);
        return version;
    }

    /// <summary>The open draft of <paramref name="step"/> by <paramref name="authorId"/>, if any.</summary>
    public ReportVersion? DraftOf(ReadingStep step, Guid authorId) =>
        _versions.Find(v => v.Step == step && v.AuthorId == authorId && v.Status == ReportVersionStatus.Draft);

    /// <summary>Saves the author's draft.</summary>
    /// <exception cref="DomainException"><c>report.version_signed</c>, <c>report.not_author</c>.</exception>
    public void SaveDraft(Guid versionId, Guid authorId, ReportContent content, DateTimeOffset at) =>
        EditableDraft(versionId, authorId).Write(content, at);

    /// <summary>
    /// Signs the author's draft as preliminary or final, with the automatic checks as they stand. A check of error
    /// severity (an empty impression) refuses the signature. Signed with the critical flag, it raises a notification
    /// that stays open until acknowledged and escalates after <paramref name="escalateAfter"/>.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>report.version_signed</c>, <c>report.not_author</c>, <c>report.checks_failed</c> (an error-severity check).
    /// </exception>
    public ReportVersion Sign(Guid versionId, Guid authorId, bool final, IReadOnlyList<ReportCheckFinding> checks, TimeSpan escalateAfter, DateTimeOffset at)
    {
        var version = EditableDraft(versionId, authorId);
        if (checks.FirstOrDefault(c => c.Severity == ReportCheckSeverity.Error) is { } error)
        {
            throw new DomainException("report.checks_failed", $"{error.Code}: {error.MessageEn} / {error.MessageJa}");
        }

        version.Sign(final ? ReportVersionStatus.Final : ReportVersionStatus.Preliminary, checks, at);
        RaiseIfCritical(version, escalateAfter, at);
        return version;
    }

    /// <summary>Adds a signed addendum to the final report: a new version with the final's content and the added text.</summary>
    /// <exception cref="DomainException"><c>report.not_final</c>, <c>report.addendum_empty</c>.</exception>
    public ReportVersion AddAddendum(Guid versionId, Guid authorId, string text, bool critical, TimeSpan escalateAfter, DateTimeOffset at)
    {
        var basis = Released ?? throw new DomainException("report.not_final", "An addendum is added to a final report.");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException("report.addendum_empty", "An addendum says what it adds.");
        }

        var version = new ReportVersion(versionId, _versions.Count + 1, null, authorId, at);
        version.Write(basis.Content with { Critical = critical || basis.Critical }, at);
        version.SetAddendumText(text);
        version.Sign(ReportVersionStatus.Addendum, [], at);
        _versions.Add(version);
        if (critical)
        {
            RaiseIfCritical(version, escalateAfter, at);
        }

        return version;
    }

    /// <summary>Records a QA decision on a signed version.</summary>
    /// <exception cref="DomainException"><c>report.version_not_signed</c>, <c>request.comment_required</c>.</exception>
    public QaDecision RecordQa(Guid versionId, Guid checkerId, bool approved, string? comment, DateTimeOffset at)
    {
        if (!Version(versionId).IsSigned)
        {
            throw new DomainException("report.version_not_signed", "QA checks a signed version.");
        }

        if (!approved && string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainException("request.comment_required", "QA returns a report with a comment for the reader.");
        }

        var decision = new QaDecision(versionId, checkerId, approved, comment, at);
        _qaDecisions.Add(decision);
        return decision;
    }

    /// <summary>A person acknowledges a critical finding; the notification closes.</summary>
    /// <exception cref="DomainException"><c>critical.not_found</c>, <c>critical.already_acknowledged</c>.</exception>
    public CriticalNotification AcknowledgeCritical(Guid notificationId, Guid userId, string? note, DateTimeOffset at)
    {
        var notification = _criticalNotifications.Find(n => n.Id == notificationId)
            ?? throw new DomainException("critical.not_found", "The report has no such critical finding notification.");
        notification.Acknowledge(userId, note, at);
        return notification;
    }

    /// <summary>Marks every open notification past its escalation time as escalated; returns those newly escalated.</summary>
    public IReadOnlyList<CriticalNotification> EscalateOverdue(DateTimeOffset now) =>
        _criticalNotifications.Where(n => n.Escalate(now)).ToList();

    /// <summary>Lets <paramref name="userId"/>'s reading count as the report being read.</summary>
    public void DesignateReader(Guid userId)
    {
        if (!_designatedReaders.Contains(userId))
        {
            _designatedReaders = [.. _designatedReaders, userId];
        }
    }

    /// <summary>
    /// Records that <paramref name="userId"/> opened a signed version (once per person and version: the first time
    /// counts). It counts as read when the person ordered the request or is designated.
    /// </summary>
    /// <exception cref="DomainException"><c>report.version_not_signed</c>.</exception>
    public ReadReceipt RecordOpened(Guid versionId, Guid userId, Guid orderingPhysicianId, DateTimeOffset at)
    {
        if (!Version(versionId).IsSigned)
        {
            throw new DomainException("report.version_not_signed", "Only signed versions are delivered and read.");
        }

        var existing = _readReceipts.Find(r => r.ReportVersionId == versionId && r.UserId == userId);
        if (existing is not null)
        {
            return existing;
        }

        var receipt = new ReadReceipt(versionId, userId, at, userId == orderingPhysicianId || _designatedReaders.Contains(userId));
        _readReceipts.Add(receipt);
        return receipt;
    }

    /// <summary>Whether the version has been read by the ordering physician or a designated person.</summary>
    public bool IsRead(Guid versionId) => _readReceipts.Exists(r => r.ReportVersionId == versionId && r.CountsAsRead);

    private ReportVersion EditableDraft(Guid versionId, Guid authorId)
    {
        var version = Version(versionId);
        if (version.IsSigned)
        {
            throw new DomainException("report.version_signed", $"Version {version.Number} is signed and cannot change; add an addendum instead.");
        }

        if (version.AuthorId != authorId)
        {
            throw new DomainException("report.not_author", "Only the author of a draft may change or sign it.");
        }

        return version;
    }

    private void RaiseIfCritical(ReportVersion version, TimeSpan escalateAfter, DateTimeOffset at)
    {
        if (version.Critical && !_criticalNotifications.Exists(n => n.IsOpen))
        {
            _criticalNotifications.Add(new CriticalNotification(SequentialGuid.Create(at), version.Id, version.AuthorId, at, at + escalateAfter));
        }
    }
}
