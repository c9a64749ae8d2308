using Dokuei.Server.Data;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// A reading request (読影依頼): the aggregate that owns the workflow from draft to delivered report. Every transition
/// is one method that checks it is allowed and throws a <see cref="DomainException"/> when it is not; the reading
/// steps are <see cref="ReadingTask"/>s that only this aggregate changes. Instants are passed in by the caller (from
/// its <see cref="TimeProvider"/>).
/// </summary>
public sealed partial class ReadingRequest
{
    private List<string> _bodyParts = [];
    private List<PriorStudy> _priors = [];
    private readonly List<ReadingTask> _tasks = [];
    private List<Discrepancy> _discrepancies = [];
    private List<Addendum> _addenda = [];
    private readonly List<ReadingRequestEvent> _events = [];

    private ReadingRequest()
    {
        ClinicalInformation = string.Empty;
        ExamPurpose = string.Empty;
        Question = string.Empty;
    }

    /// <summary>Identity of the request.</summary>
    public Guid Id { get; private set; }

    /// <summary>The ordering facility.</summary>
    public long FacilityId { get; private set; }

    /// <summary>Who wrote the request.</summary>
    public Guid OrderedBy { get; private set; }

    /// <summary>When the draft was created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Normal reading, second opinion or re-reading.</summary>
    public ReadingRequestType Type { get; private set; }

    /// <summary>For a second opinion or re-reading: the original request.</summary>
    public Guid? OriginalRequestId { get; private set; }

    /// <summary>The reading mode.</summary>
    public ReadingMode Mode { get; private set; }

    /// <summary>The ordered service menu.</summary>
    public Guid ServiceMenuId { get; private set; }

    /// <summary>Whether a QA check comes before the report is final.</summary>
    public bool RequiresQa { get; private set; }

    /// <summary>Study Instance UID, once known.</summary>
    public string? StudyInstanceUid { get; private set; }

    /// <summary>Accession Number of the expected study.</summary>
    public string? AccessionNumber { get; private set; }

    /// <summary>Modality.</summary>
    public string? Modality { get; private set; }

    /// <summary>Requested specialty.</summary>
    public string? RequestedSpecialty { get; private set; }

    /// <summary>Clinical information.</summary>
    public string ClinicalInformation { get; private set; }

    /// <summary>Purpose of the examination.</summary>
    public string ExamPurpose { get; private set; }

    /// <summary>The question to the radiologist.</summary>
    public string Question { get; private set; }

    /// <summary>Body parts examined.</summary>
    public IReadOnlyList<string> BodyParts => _bodyParts;

    /// <summary>Earlier studies to compare with.</summary>
    public IReadOnlyList<PriorStudy> Priors => _priors;

    /// <summary>The current state.</summary>
    public ReadingRequestState State { get; private set; }

    /// <summary>When the facility sent it.</summary>
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>When it was complete with its images: the instant its service menu's clock counts from.</summary>
    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>When the center accepted it.</summary>
    public DateTimeOffset? AcceptedAt { get; private set; }

    /// <summary>When the final report is due, set on acceptance.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>The center's open or last question to the facility.</summary>
    public string? HoldQuestion { get; private set; }

    /// <summary>The facility's answer to <see cref="HoldQuestion"/>.</summary>
    public string? HoldAnswer { get; private set; }

    /// <summary>While on hold: the state to return to.</summary>
    public ReadingRequestState? StateBeforeHold { get; private set; }

    /// <summary>Why the center rejected it.</summary>
    public RejectionReason? RejectionReason { get; private set; }

    /// <summary>The rejection or cancellation reason in words.</summary>
    public string? ClosingRemark { get; private set; }

    /// <summary>The reader who signed the report last (the last reading step or its correction).</summary>
    public Guid? SignedBy { get; private set; }

    /// <summary>The report version signed last.</summary>
    public Guid? SignedResultId { get; private set; }

    /// <summary>When the report became final.</summary>
    public DateTimeOffset? FinalizedAt { get; private set; }

    /// <summary>When the final report (or the last addendum) was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>The workflow's tasks, oldest first.</summary>
    public IReadOnlyList<ReadingTask> Tasks => _tasks;

    /// <summary>Disagreements between blind readings, recorded at reconciliation.</summary>
    public IReadOnlyList<Discrepancy> Discrepancies => _discrepancies;

    /// <summary>Addenda signed after the report was final.</summary>
    public IReadOnlyList<Addendum> Addenda => _addenda;

    /// <summary>What happened since the events were last cleared; not persisted with the request.</summary>
    public IReadOnlyList<ReadingRequestEvent> Events => _events;

    /// <summary>Starts a request as a draft.</summary>
    /// <exception cref="DomainException">
    /// <c>request.original_required</c>: a second opinion or re-reading without its original;
    /// <c>request.original_not_allowed</c>: a normal request linked to one.
    /// </exception>
    public static ReadingRequest CreateDraft(Guid id, ReadingRequestOrder order, DateTimeOffset at)
    {
        if (order.Type == ReadingRequestType.Normal && order.OriginalRequestId is not null)
        {
            throw new DomainException("request.original_not_allowed", "A normal request is not linked to an original request.");
        }

        if (order.Type != ReadingRequestType.Normal && order.OriginalRequestId is null)
        {
            throw new DomainException("request.original_required", $"A {order.Type} request must name the original request.");
        }

        var request = new ReadingRequest
        {
            Id = id,
            FacilityId = order.FacilityId,
            OrderedBy = order.OrderedBy,
            CreatedAt = at,
            Type = order.Type,
            OriginalRequestId = order.OriginalRequestId,
            Mode = order.Mode,
            ServiceMenuId = order.ServiceMenuId,
            RequiresQa = order.RequiresQa,
            StudyInstanceUid = order.StudyInstanceUid,
            AccessionNumber = order.AccessionNumber,
            Modality = order.Modality,
            RequestedSpecialty = order.RequestedSpecialty,
            ClinicalInformation = order.ClinicalInformation,
            ExamPurpose = order.ExamPurpose,
            Question = order.Question,
            State = ReadingRequestState.Draft,
        };
        request._bodyParts.AddRange(order.BodyParts);
        request._priors.AddRange(order.Priors);
        request.Record("created", ReadingRequestState.Draft, order.OrderedBy, at);
        return request;
    }

    /// <summary>Forgets the recorded events once they are written to the audit log or outbox.</summary>
    public void ClearEvents() => _events.Clear();

    /// <summary>Replaces the priors to compare with; allowed until reading starts.</summary>
    public void ChangePriors(IEnumerable<PriorStudy> priors, Guid by, DateTimeOffset at)
    {
        EnsureState("change the priors of", ReadingRequestState.Draft, ReadingRequestState.Submitted, ReadingRequestState.WaitingForImages,
            ReadingRequestState.Triage, ReadingRequestState.Assigned, ReadingRequestState.OnHold);
        _priors.Clear();
        _priors.AddRange(priors);
        Record("priors_changed", State, by, at);
    }

    /// <summary>Draft → Submitted (images in the archive) or WaitingForImages (expected study).</summary>
    /// <exception cref="DomainException">
    /// <c>request.invalid_transition</c>, <c>request.menu_mismatch</c>, <c>request.study_missing</c> (no study or
    /// accession number; or images said to be present without a Study Instance UID), <c>request.menu_not_receivable</c>.
    /// </exception>
    public void Submit(bool imagesInArchive, ServiceMenu menu, BusinessCalendar calendar, Guid by, DateTimeOffset at)
    {
        EnsureState("submit", ReadingRequestState.Draft);
        EnsureMenu(menu);
        if ((imagesInArchive && StudyInstanceUid is null) || (StudyInstanceUid is null && AccessionNumber is null))
        {
            throw new DomainException("request.study_missing", "A request names its study (Study Instance UID) or the expected study's Accession Number.");
        }

        if (!menu.IsReceivable(at, calendar))
        {
            throw new DomainException("request.menu_not_receivable", $"Service menu '{menu.Code}' does not take requests at this time.");
        }

        SubmittedAt = at;
        if (imagesInArchive)
        {
            ReceivedAt = at;
            Transition("submitted", ReadingRequestState.Submitted, by, at);
        }
        else
        {
            Transition("submitted", ReadingRequestState.WaitingForImages, by, at);
        }
    }

    /// <summary>WaitingForImages → Submitted, when the expected study has arrived in the archive.</summary>
    public void ImagesArrived(string studyInstanceUid, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyInstanceUid);
        EnsureState("record images for", ReadingRequestState.WaitingForImages);
        StudyInstanceUid = studyInstanceUid;
        ReceivedAt = at;
        Transition("images_arrived", ReadingRequestState.Submitted, null, at, detail: studyInstanceUid);
    }

    /// <summary>
    /// Submitted → Triage: the center accepts the request; its due time comes from the menu and calendar, counted
    /// from <see cref="ReceivedAt"/> (or the menu's next opening), and the reading tasks of its mode are scheduled.
    /// </summary>
    public void Accept(ServiceMenu menu, BusinessCalendar calendar, Guid by, DateTimeOffset at)
    {
        EnsureState("accept", ReadingRequestState.Submitted);
        EnsureMenu(menu);
        var received = ReceivedAt ?? at;
        DueAt = menu.DueAt(menu.ReceptionStart(received, calendar), calendar);
        AcceptedAt = at;
        foreach (var step in ReadingSteps(Mode))
        {
            _tasks.Add(new ReadingTask(SequentialGuid.Create(at), step, null, at));
        }

        Transition("accepted", ReadingRequestState.Triage, by, at, detail: DueAt.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Any state before the report → OnHold, with a question to the facility.</summary>
    public void PutOnHold(string question, Guid by, DateTimeOffset at)
    {
        EnsureState("put on hold", ReadingRequestState.Submitted, ReadingRequestState.WaitingForImages, ReadingRequestState.Triage,
            ReadingRequestState.Assigned, ReadingRequestState.InReading, ReadingRequestState.InSecondReading);
        EnsureText(question, "request.question_required", "A request is put on hold with a question to the facility.");
        StateBeforeHold = State;
        HoldQuestion = question;
        HoldAnswer = null;
        Transition("put_on_hold", ReadingRequestState.OnHold, by, at, detail: question);
    }

    /// <summary>OnHold → the state it was in, with the facility's answer.</summary>
    public void Resume(string answer, Guid by, DateTimeOffset at)
    {
        EnsureState("resume", ReadingRequestState.OnHold);
        EnsureText(answer, "request.answer_required", "A request on hold resumes with the facility's answer.");
        HoldAnswer = answer;
        var previous = StateBeforeHold!.Value;
        StateBeforeHold = null;
        Transition("resumed", previous, by, at, detail: answer);
    }

    /// <summary>Any state before the report (or on hold) → Rejected with a reason; open tasks are cancelled.</summary>
    public void Reject(RejectionReason reason, string? remark, Guid by, DateTimeOffset at)
    {
        EnsureState("reject", ReadingRequestState.Submitted, ReadingRequestState.WaitingForImages, ReadingRequestState.Triage,
            ReadingRequestState.Assigned, ReadingRequestState.InReading, ReadingRequestState.InSecondReading, ReadingRequestState.OnHold);
        if (reason == Requests.RejectionReason.Other)
        {
            EnsureText(remark, "request.reason_required", "A rejection for another reason says the reason.");
        }

        RejectionReason = reason;
        ClosingRemark = remark;
        CancelOpenTasks(at);
        Transition("rejected", ReadingRequestState.Rejected, by, at, detail: reason.ToString());
    }

    /// <summary>
    /// Draft, or any state before reading starts (also on hold from one) → Cancelled; open tasks are cancelled. Once
    /// reading has started only the center can stop the request, by rejecting it.
    /// </summary>
    public void Cancel(string? remark, Guid by, DateTimeOffset at)
    {
        EnsureState("cancel", ReadingRequestState.Draft, ReadingRequestState.Submitted, ReadingRequestState.WaitingForImages,
            ReadingRequestState.Triage, ReadingRequestState.Assigned, ReadingRequestState.OnHold);
        if (StateBeforeHold is ReadingRequestState.InReading or ReadingRequestState.InSecondReading)
        {
            throw new DomainException("request.invalid_transition", $"Cannot cancel a request held during reading ({StateBeforeHold}); the center may reject it.");
        }

        ClosingRemark = remark;
        CancelOpenTasks(at);
        Transition("cancelled", ReadingRequestState.Cancelled, by, at, detail: remark);
    }

    /// <summary>Final → Delivered, once the report (with any addenda) has reached the facility.</summary>
    public void Deliver(DateTimeOffset at)
    {
        EnsureState("deliver", ReadingRequestState.Final);
        DeliveredAt = at;
        Transition("delivered", ReadingRequestState.Delivered, null, at);
    }

    /// <summary>Final or Delivered → Final: a signed addendum that is still to be delivered.</summary>
    public void AddAddendum(Guid reportVersionId, Guid authorId, DateTimeOffset at)
    {
        EnsureState("add an addendum to", ReadingRequestState.Final, ReadingRequestState.Delivered);
        _addenda.Add(new Addendum(reportVersionId, authorId, at));
        Transition("addendum_added", ReadingRequestState.Final, authorId, at, detail: reportVersionId.ToString());
    }

    private void EnsureMenu(ServiceMenu menu)
    {
        if (menu.Id != ServiceMenuId)
        {
            throw new DomainException("request.menu_mismatch", $"The request was ordered with another service menu than '{menu.Code}'.");
        }
    }

    private void EnsureState(string action, params ReadOnlySpan<ReadingRequestState> allowed)
    {
        foreach (var state in allowed)
        {
            if (state == State)
            {
                return;
            }
        }

        throw new DomainException("request.invalid_transition", $"Cannot {action} a request that is {State}.");
    }

    private static void EnsureText(string? text, string code, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException(code, message);
        }
    }

    private void CancelOpenTasks(DateTimeOffset at)
    {
        foreach (var task in _tasks)
        {
            task.Cancel(at);
        }
    }

    private void Transition(string name, ReadingRequestState to, Guid? by, DateTimeOffset at, ReadingStep? step = null, string? detail = null)
    {
        var from = State;
        State = to;
        _events.Add(new ReadingRequestEvent(Id, name, from, to, by, at, step, detail));
    }

    private void Record(string name, ReadingRequestState state, Guid? by, DateTimeOffset at, ReadingStep? step = null, string? detail = null) =>
        _events.Add(new ReadingRequestEvent(Id, name, state, state, by, at, step, detail));
}
