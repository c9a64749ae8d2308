using Dokuei.Server.Features.Reports;

namespace Dokuei.Server.Tests.Features.Reports;

public class ReportChecksTests
{
    private static List<string> Codes(ReportCheckFacts facts, ReportContent report) =>
        ReportChecks.Run(facts, report).Select(f => f.Code).ToList();

    private static ReportContent Report(string findings, string impression = "異常なし", bool critical = false) =>
        new() { Findings = findings, Impression = impression, Critical = critical };

    [Theory]
    [InlineData("左膝痛", "右膝関節に水腫を認める。")]
    [InlineData("Left knee pain", "Effusion of the right knee joint.")]
    [InlineData("L knee pain", "Effusion of the R knee.")]
    public void Laterality_opposite_to_the_request_is_reported(string question, string findings)
    {
        var codes = Codes(new ReportCheckFacts { Question = question }, Report(findings));
        Assert.Contains(ReportChecks.LateralityMismatch, codes);
    }

    [Theory]
    [InlineData("左膝痛", "左膝関節に水腫を認める。")]
    [InlineData("左膝痛", "両側膝関節に変形性変化。")]
    [InlineData("Left knee pain", "Effusion of the left knee joint.")]
    [InlineData("Left shoulder pain", "Degenerative change at L4/5 is incidental.")]
    [InlineData("腰痛", "L1 vertebral body compression fracture.")]
    public void Laterality_that_agrees_or_is_not_stated_passes(string question, string findings)
    {
        var codes = Codes(new ReportCheckFacts { Question = question }, Report(findings));
        Assert.DoesNotContain(ReportChecks.LateralityMismatch, codes);
    }

    [Fact]
    public void Laterality_finding_has_a_japanese_and_an_english_message()
    {
        var finding = Assert.Single(ReportChecks.Run(new ReportCheckFacts { Question = "左肩痛" }, Report("右肩に石灰沈着。")), f => f.Code == ReportChecks.LateralityMismatch);
        Assert.Contains("左右の不一致", finding.MessageJa, StringComparison.Ordinal);
        Assert.Contains("Laterality mismatch", finding.MessageEn, StringComparison.Ordinal);
        Assert.Equal(ReportCheckSeverity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("頭部", "両肺に多発結節を認める。")]
    [InlineData("head", "Multiple nodules in both lungs.")]
    public void Body_part_not_in_the_request_is_reported(string bodyPart, string findings)
    {
        var codes = Codes(new ReportCheckFacts { BodyParts = [bodyPart] }, Report(findings));
        Assert.Contains(ReportChecks.BodyPartMismatch, codes);
    }

    [Theory]
    [InlineData("頭部", "脳実質に異常なし。")]
    [InlineData("chest", "No pulmonary nodule.")]
    [InlineData("胸部", "No pleural effusion; lungs clear.")]
    public void Body_part_of_the_request_passes(string bodyPart, string findings)
    {
        var codes = Codes(new ReportCheckFacts { BodyParts = [bodyPart] }, Report(findings));
        Assert.DoesNotContain(ReportChecks.BodyPartMismatch, codes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void Empty_impression_is_an_error(string impression)
    {
        var finding = Assert.Single(ReportChecks.Run(new ReportCheckFacts(), Report("所見あり", impression)));
        Assert.Equal(ReportChecks.EmptyImpression, finding.Code);
        Assert.Equal(ReportCheckSeverity.Error, finding.Severity);
        Assert.Equal("診断（インプレッション）が空です。", finding.MessageJa);
        Assert.Equal("The impression is empty.", finding.MessageEn);
    }

    [Theory]
    [InlineData("肺炎の有無", "右下葉に浸潤影。", true)]
    [InlineData("肺炎の有無", "右下葉に浸潤影あり、肺炎を疑う。", false)]
    [InlineData("くも膜下出血の除外", "くも膜下出血を認めない。", false)]
    [InlineData("Rule out pneumonia.", "Consolidation in the right lower lobe.", true)]
    [InlineData("Rule out pneumonia.", "Right lower lobe pneumonia.", false)]
    [InlineData("評価をお願いします", "異常なし。", false)]
    public void Question_of_the_request_must_be_addressed(string question, string findings, bool flagged)
    {
        var codes = Codes(new ReportCheckFacts { Question = question }, Report(findings));
        Assert.Equal(flagged, codes.Contains(ReportChecks.QuestionNotAddressed));
    }

    [Theory]
    [InlineData("右肺結節 8 mm。", true)]
    [InlineData("右肺結節 8 mm、前回と比較して著変なし。", false)]
    [InlineData("Nodule 8 mm.", true)]
    [InlineData("Nodule 8 mm, unchanged compared with the prior study.", false)]
    public void Comparison_must_be_mentioned_when_priors_are_attached(string findings, bool flagged)
    {
        Assert.Equal(flagged, Codes(new ReportCheckFacts { HasPriors = true }, Report(findings)).Contains(ReportChecks.PriorNotMentioned));
        Assert.DoesNotContain(ReportChecks.PriorNotMentioned, Codes(new ReportCheckFacts { HasPriors = false }, Report(findings)));
    }

    [Theory]
    [InlineData("脳底槽にくも膜下出血を認める。")]
    [InlineData("上行大動脈から大動脈解離を認める。")]
    [InlineData("右気胸あり。")]
    [InlineData("右肺動脈に肺塞栓。")]
    [InlineData("横隔膜下に遊離ガスを認める。")]
    [InlineData("Subarachnoid hemorrhage in the basal cisterns.")]
    [InlineData("Type A aortic dissection.")]
    [InlineData("Large right pneumothorax.")]
    [InlineData("Filling defect consistent with pulmonary embolism.")]
    [InlineData("Free air under the diaphragm.")]
    public void Critical_keyword_without_the_flag_is_reported(string findings)
    {
        Assert.Contains(ReportChecks.CriticalNotFlagged, Codes(new ReportCheckFacts(), Report(findings)));
        Assert.DoesNotContain(ReportChecks.CriticalNotFlagged, Codes(new ReportCheckFacts(), Report(findings, critical: true)));
    }

    [Theory]
    [InlineData("気胸なし。")]
    [InlineData("くも膜下出血は認めない。")]
    [InlineData("肺塞栓症は認めません。")]
    [InlineData("No pneumothorax.")]
    [InlineData("Negative for pulmonary embolism.")]
    [InlineData("No evidence of free air.")]
    public void Denied_critical_keyword_is_not_reported(string findings)
    {
        Assert.DoesNotContain(ReportChecks.CriticalNotFlagged, Codes(new ReportCheckFacts(), Report(findings)));
    }

    [Theory]
    [InlineData("右肺に10 mの結節。")]
    [InlineData("A 10 m lesion in the liver.")]
    [InlineData("肝に -3 mm の嚢胞。")]
    [InlineData("Cyst measuring −4 mm.")]
    [InlineData("腫瘤は 80 cm大。")]
    [InlineData("Mass of 900 mm.")]
    public void Unusual_number_or_unit_is_reported(string findings)
    {
        var finding = Assert.Single(ReportChecks.Run(new ReportCheckFacts(), Report(findings)), f => f.Code == ReportChecks.UnusualMeasurement);
        Assert.StartsWith("数値・単位を確認してください", finding.MessageJa, StringComparison.Ordinal);
        Assert.StartsWith("Check the number or unit", finding.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("右肺に10 mmの結節。")]
    [InlineData("Lymph nodes 3-5 mm.")]
    [InlineData("Mass 4.5 cm.")]
    [InlineData("造影剤 100 mL、撮影時間 5 min。")]
    public void Plausible_numbers_pass(string findings)
    {
        Assert.DoesNotContain(ReportChecks.UnusualMeasurement, Codes(new ReportCheckFacts(), Report(findings)));
    }

    [Fact]
    public void A_sound_report_has_no_findings()
    {
        var facts = new ReportCheckFacts { Question = "左肺結節の経過", BodyParts = ["胸部"], HasPriors = true };
        var report = new ReportContent { Findings = "左肺上葉の結節は 8 mm、前回と比較して著変なし。", Impression = "左肺結節、著変なし。" };
        Assert.Empty(ReportChecks.Run(facts, report));
    }
}
