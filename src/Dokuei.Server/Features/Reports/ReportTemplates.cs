namespace Dokuei.Server.Features.Reports;

/// <summary>A report template: text a radiologist chooses for a modality and body part, then fills.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Modality">Modality, e.g. CT.</param>
/// <param name="BodyPart">Body part, e.g. head.</param>
/// <param name="Language"><c>ja</c> or <c>en</c>.</param>
/// <param name="Title">Name for people.</param>
/// <param name="Findings">Findings skeleton.</param>
/// <param name="Impression">Impression skeleton.</param>
public sealed record ReportTemplate(string Code, string Modality, string BodyPart, string Language, string Title, string Findings, string Impression)
{
    /// <summary>The content a new draft starts with.</summary>
    public ReportContent ToContent() => new() { Findings = Findings, Impression = Impression, Language = Language, TemplateCode = Code };
}

/// <summary>The templates a center starts with, as data; a center may add its own.</summary>
public static class ReportTemplates
{
    /// <summary>Every standard template.</summary>
    public static IReadOnlyList<ReportTemplate> All { get; } =
    [
        new("ct-head-ja", "CT", "head", "ja", "頭部CT",
            "頭蓋内に出血を認めない。\n脳実質に明らかな低吸収域を認めない。\n脳室の拡大なし。正中偏位なし。", "頭蓋内に明らかな異常所見なし。"),
        new("ct-head-en", "CT", "head", "en", "CT head",
            "No intracranial hemorrhage.\nNo focal hypoattenuation of the brain parenchyma.\nVentricles normal in size. No midline shift.", "No acute intracranial abnormality."),
        new("ct-chest-ja", "CT", "chest", "ja", "胸部CT",
            "両肺に結節影・浸潤影を認めない。\n胸水なし。縦隔リンパ節腫大なし。", "胸部に明らかな異常所見なし。"),
        new("ct-chest-en", "CT", "chest", "en", "CT chest",
            "No pulmonary nodule or consolidation.\nNo pleural effusion. No mediastinal lymphadenopathy.", "No acute cardiopulmonary abnormality."),
        new("ct-abdomen-ja", "CT", "abdomen", "ja", "腹部CT",
            "肝・胆・膵・脾・腎に明らかな異常を認めない。\n腹水なし。遊離ガスなし。", "腹部に明らかな異常所見なし。"),
        new("mr-head-ja", "MR", "head", "ja", "頭部MRI",
            "拡散強調像で高信号域を認めない。\n明らかな占拠性病変なし。", "急性期脳梗塞を示唆する所見なし。"),
        new("mg-breast-ja", "MG", "breast", "ja", "マンモグラフィ",
            "乳腺構成：\n腫瘤：なし\n石灰化：なし", "カテゴリー1"),
    ];

    /// <summary>The templates for a modality and, when given, a body part.</summary>
    public static IEnumerable<ReportTemplate> For(string? modality, string? bodyPart) =>
        All.Where(t => (modality is null || string.Equals(t.Modality, modality, StringComparison.OrdinalIgnoreCase))
            && (bodyPart is null || string.Equals(t.BodyPart, bodyPart, StringComparison.OrdinalIgnoreCase)));
}
