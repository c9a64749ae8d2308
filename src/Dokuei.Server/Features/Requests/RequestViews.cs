namespace Dokuei.Server.Features.Requests;

/// <summary>A reading task as the API shows it.</summary>
public sealed record TaskView(Guid Id, ReadingStep Step, ReadingTaskState State, Guid? AssignedTo, Guid? ClaimedBy, DateTimeOffset? ClaimedAt, DateTimeOffset? EndedAt, string? Comment);

/// <summary>A reading request as the API shows it.</summary>
public sealed record RequestView(
    Guid Id,
    long FacilityId,
    Guid OrderedBy,
    ReadingRequestType Type,
    Guid? OriginalRequestId,
    ReadingMode Mode,
    Guid ServiceMenuId,
    bool RequiresQa,
    string? StudyInstanceUid,
    string? AccessionNumber,
    string? Modality,
    string? RequestedSpecialty,
    string ClinicalInformation,
    string ExamPurpose,
    string Question,
    IReadOnlyList<string> BodyParts,
    IReadOnlyList<PriorStudy> Priors,
    ReadingRequestState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? FinalizedAt,
    string? HoldQuestion,
    string? HoldAnswer,
    RejectionReason? RejectionReason,
    string? ClosingRemark,
    IReadOnlyList<TaskView> Tasks,
    IReadOnlyList<Discrepancy> Discrepancies)
{
    /// <summary>The view of <paramref name="r"/>; facility users do not see who reads which step.</summary>
    internal static RequestView Of(ReadingRequest r, Caller caller) => new(
        r.Id, r.FacilityId, r.OrderedBy, r.Type, r.OriginalRequestId, r.Mode, r.ServiceMenuId, r.RequiresQa, r.StudyInstanceUid,
        r.AccessionNumber, r.Modality, r.RequestedSpecialty, r.ClinicalInformation, r.ExamPurpose, r.Question, r.BodyParts, r.Priors,
        r.State, r.CreatedAt, r.SubmittedAt, r.ReceivedAt, r.AcceptedAt, r.DueAt, r.FinalizedAt, r.HoldQuestion, r.HoldAnswer,
        r.RejectionReason, r.ClosingRemark,
        caller.IsFacilityUser
            ? []
            : r.Tasks.Select(t => new TaskView(t.Id, t.Step, t.State, t.AssignedTo, t.ClaimedBy, t.ClaimedAt, t.EndedAt, t.Comment)).ToList(),
        r.Discrepancies);
}

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item.</typeparam>
/// <param name="Items">The items of the page.</param>
/// <param name="Number">The page number, from 1.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">Items in all pages.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int PageSize, int Total);

/// <summary>What a facility sends to file a request.</summary>
public sealed record FileRequestBody
{
    /// <summary>Single, double, triple or blind double.</summary>
    public ReadingMode Mode { get; init; }

    /// <summary>Code of the service menu, e.g. <c>normal</c>.</summary>
    public string ServiceMenu { get; init; } = "normal";

    /// <summary>Whether QA checks the report before it is final.</summary>
    public bool RequiresQa { get; init; }

    /// <summary>Normal, second opinion or re-reading.</summary>
    public ReadingRequestType Type { get; init; } = ReadingRequestType.Normal;

    /// <summary>For a second opinion or re-reading: the original request.</summary>
    public Guid? OriginalRequestId { get; init; }

    /// <summary>The archived study, or the expected study's UID.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>The expected study's Accession Number.</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Modality.</summary>
    public string? Modality { get; init; }

    /// <summary>Requested specialty.</summary>
    public string? RequestedSpecialty { get; init; }

    /// <summary>Clinical information.</summary>
    public string ClinicalInformation { get; init; } = string.Empty;

    /// <summary>Purpose of the examination.</summary>
    public string ExamPurpose { get; init; } = string.Empty;

    /// <summary>The question.</summary>
    public string Question { get; init; } = string.Empty;

    /// <summary>Body parts.</summary>
    public IReadOnlyList<string> BodyParts { get; init; } = [];

    /// <summary>Study Instance UIDs of priors to compare with.</summary>
    public IReadOnlyList<string> Priors { get; init; } = [];
}

/// <summary>A reason or question in words.</summary>
/// <param name="Text">The text.</param>
public sealed record TextBody(string? Text);

/// <summary>A rejection.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Remark">In words.</param>
public sealed record RejectBody(RejectionReason Reason, string? Remark);

/// <summary>An assignment by a coordinator.</summary>
/// <param name="Step">The step.</param>
/// <param name="ReaderId">The radiologist.</param>
/// <param name="Remark">Why, when overriding the suggestion (stored with the decision).</param>
public sealed record AssignBody(ReadingStep Step, Guid ReaderId, string? Remark = null);
