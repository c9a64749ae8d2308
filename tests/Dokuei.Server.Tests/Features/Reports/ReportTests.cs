using Dokuei.Server.Features;
using Dokuei.Server.Features.Reports;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Tests.Features.Reports;

public class ReportTests
{
    private static readonly Guid Reader1 = new("a1000000-0000-0000-0000-000000000001");
    private static readonly Guid Reader2 = new("a2000000-0000-0000-0000-000000000002");
    private static readonly Guid Physician = new("d0000000-0000-0000-0000-000000000001");
    private static readonly Guid Nurse = new("d0000000-0000-0000-0000-000000000002");
    private static readonly DateTimeOffset T0 = new(2026, 4, 7, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly TimeSpan Escalation = TimeSpan.FromMinutes(30);

    private static ReportContent Content(string impression = "異常なし", bool critical = false) =>
        new() { Findings = "所見", Impression = impression, Critical = critical };

    private static Report NewReport() => Report.Create(Guid.NewGuid(), Guid.NewGuid(), 1, T0);

    [Fact]
    public void Draft_is_saved_by_its_author_and_signed_preliminary_then_final_by_the_second_reader()
    {
        var report = NewReport();
        var first = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content("初稿"), T0);
        report.SaveDraft(first.Id, Reader1, Content("一次読影"), T0.AddMinutes(5));
        report.Sign(first.Id, Reader1, final: false, [], Escalation, T0.AddMinutes(10));
        var second = report.StartDraft(Guid.NewGuid(), ReadingStep.Second, Reader2, first.Content, T0.AddMinutes(20));
        report.SaveDraft(second.Id, Reader2, Content("二次読影で修正"), T0.AddMinutes(25));
        report.Sign(second.Id, Reader2, final: true, [], Escalation, T0.AddMinutes(30));

        Assert.Equal(ReportVersionStatus.Preliminary, first.Status);
        Assert.Equal("一次読影", first.Impression);
        Assert.Equal(ReportVersionStatus.Final, second.Status);
        Assert.Equal([1, 2], report.Versions.Select(v => v.Number));
        Assert.Same(second, report.Released);
    }

    [Fact]
    public void Signed_version_cannot_change()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        report.Sign(v.Id, Reader1, final: true, [], Escalation, T0);
        Assert.Equal("report.version_signed", Assert.Throws<DomainException>(() => report.SaveDraft(v.Id, Reader1, Content("変更"), T0)).Code);
        Assert.Equal("report.version_signed", Assert.Throws<DomainException>(() => report.Sign(v.Id, Reader1, true, [], Escalation, T0)).Code);
    }

    [Fact]
    public void Only_the_author_changes_or_signs_a_draft()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        Assert.Equal("report.not_author", Assert.Throws<DomainException>(() => report.SaveDraft(v.Id, Reader2, Content(), T0)).Code);
        Assert.Equal("report.not_author", Assert.Throws<DomainException>(() => report.Sign(v.Id, Reader2, true, [], Escalation, T0)).Code);
    }

    [Fact]
    public void Second_draft_of_the_same_step_by_the_same_reader_is_refused()
    {
        var report = NewReport();
        report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        Assert.Equal("report.draft_exists", Assert.Throws<DomainException>(() => report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0)).Code);
    }

    [Fact]
    public void Error_check_refuses_the_signature_and_warnings_are_kept_with_the_version()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(""), T0);
        var error = ReportChecks.Run(new ReportCheckFacts(), v.Content);
        Assert.Equal("report.checks_failed", Assert.Throws<DomainException>(() => report.Sign(v.Id, Reader1, true, error, Escalation, T0)).Code);

        report.SaveDraft(v.Id, Reader1, Content("気胸あり"), T0);
        var warnings = ReportChecks.Run(new ReportCheckFacts(), v.Content);
        report.Sign(v.Id, Reader1, true, warnings, Escalation, T0);
        Assert.Equal(ReportChecks.CriticalNotFlagged, Assert.Single(v.Checks).Code);
    }

    [Fact]
    public void Addendum_is_a_new_signed_version_and_the_final_stays_readable()
    {
        var report = NewReport();
        Assert.Equal("report.not_final", Assert.Throws<DomainException>(() => report.AddAddendum(Guid.NewGuid(), Reader1, "追記", false, Escalation, T0)).Code);
        var final = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content("結節なし"), T0);
        report.Sign(final.Id, Reader1, true, [], Escalation, T0);
        var addendum = report.AddAddendum(Guid.NewGuid(), Reader1, "追記：副腎に小結節あり。", false, Escalation, T0.AddHours(1));

        Assert.Equal(ReportVersionStatus.Addendum, addendum.Status);
        Assert.Equal("結節なし", addendum.Impression);
        Assert.Equal("追記：副腎に小結節あり。", addendum.AddendumText);
        Assert.Equal("結節なし", final.Impression);
        Assert.Same(addendum, report.Released);
        Assert.Equal("report.addendum_empty", Assert.Throws<DomainException>(() => report.AddAddendum(Guid.NewGuid(), Reader1, " ", false, Escalation, T0)).Code);
    }

    [Fact]
    public void Critical_signature_raises_a_notification_open_until_acknowledged_and_escalated_when_late()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content("くも膜下出血", critical: true), T0);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);
        var notification = Assert.Single(report.CriticalNotifications);
        Assert.True(notification.IsOpen);
        Assert.Equal(T0 + Escalation, notification.EscalateAt);

        Assert.Empty(report.EscalateOverdue(T0.AddMinutes(29)));
        Assert.Single(report.EscalateOverdue(T0.AddMinutes(30)));
        Assert.Empty(report.EscalateOverdue(T0.AddMinutes(31)));
        Assert.Equal(T0.AddMinutes(30), notification.EscalatedAt);

        report.AcknowledgeCritical(notification.Id, Physician, "電話で確認、脳外科に紹介", T0.AddMinutes(40));
        Assert.False(notification.IsOpen);
        Assert.Equal(Physician, notification.AcknowledgedBy);
        Assert.Equal("critical.already_acknowledged", Assert.Throws<DomainException>(() => report.AcknowledgeCritical(notification.Id, Nurse, null, T0.AddMinutes(41))).Code);
    }

    [Fact]
    public void Acknowledged_notification_is_not_escalated()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content("Aortic dissection", critical: true), T0);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);
        report.AcknowledgeCritical(report.CriticalNotifications[0].Id, Physician, null, T0.AddMinutes(5));
        Assert.Empty(report.EscalateOverdue(T0.AddHours(2)));
    }

    [Fact]
    public void Report_without_critical_flag_raises_nothing()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);
        Assert.Empty(report.CriticalNotifications);
    }

    [Fact]
    public void Read_means_read_by_the_ordering_physician_or_a_designated_person()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        Assert.Equal("report.version_not_signed", Assert.Throws<DomainException>(() => report.RecordOpened(v.Id, Physician, Physician, T0)).Code);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);

        var byNurse = report.RecordOpened(v.Id, Nurse, Physician, T0.AddMinutes(1));
        Assert.False(byNurse.CountsAsRead);
        Assert.False(report.IsRead(v.Id));

        report.RecordOpened(v.Id, Physician, Physician, T0.AddMinutes(2));
        Assert.True(report.IsRead(v.Id));
        Assert.Equal(T0.AddMinutes(2), report.RecordOpened(v.Id, Physician, Physician, T0.AddMinutes(9)).At);
        Assert.Equal(2, report.ReadReceipts.Count);
    }

    [Fact]
    public void Designated_person_reading_counts_as_read()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);
        report.DesignateReader(Nurse);
        Assert.True(report.RecordOpened(v.Id, Nurse, Physician, T0).CountsAsRead);
        Assert.True(report.IsRead(v.Id));
    }

    [Fact]
    public void Qa_return_requires_a_comment_and_is_recorded()
    {
        var report = NewReport();
        var v = report.StartDraft(Guid.NewGuid(), ReadingStep.First, Reader1, Content(), T0);
        Assert.Equal("report.version_not_signed", Assert.Throws<DomainException>(() => report.RecordQa(v.Id, Nurse, true, null, T0)).Code);
        report.Sign(v.Id, Reader1, true, [], Escalation, T0);
        Assert.Equal("request.comment_required", Assert.Throws<DomainException>(() => report.RecordQa(v.Id, Nurse, false, " ", T0)).Code);
        report.RecordQa(v.Id, Nurse, false, "左右の記載を確認してください", T0);
        var decision = Assert.Single(report.QaDecisions);
        Assert.False(decision.Approved);
    }

    [Fact]
    public void Templates_are_chosen_by_modality_and_body_part()
    {
        Assert.Equal(["ct-head-ja", "ct-head-en"], ReportTemplates.For("ct", "HEAD").Select(t => t.Code));
        Assert.Equal("ct-chest-en", ReportTemplates.All.Single(t => t.Code == "ct-chest-en").ToContent().TemplateCode);
    }
}
