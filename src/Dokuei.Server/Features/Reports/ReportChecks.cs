using System.Globalization;
using System.Text.RegularExpressions;

namespace Dokuei.Server.Features.Reports;

/// <summary>
/// Automatic report checks, run before signing and before QA: laterality, body part, empty impression, the question
/// addressed, prior comparison mentioned, critical keywords without the critical flag, unusual numbers and units. Each
/// finding has a stable code and a message in Japanese and English. Pure functions of the request's facts and the text;
/// they are aids for the reader, deliberately simple and explainable, not a language model.
/// </summary>
public static partial class ReportChecks
{
    /// <summary>Codes of every check.</summary>
    public const string LateralityMismatch = "report.laterality_mismatch";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string BodyPartMismatch = "report.body_part_mismatch";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string EmptyImpression = "report.empty_impression";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string QuestionNotAddressed = "report.question_not_addressed";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string PriorNotMentioned = "report.prior_not_mentioned";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string CriticalNotFlagged = "report.critical_not_flagged";

    /// <inheritdoc cref="LateralityMismatch"/>
    public const string UnusualMeasurement = "report.unusual_measurement";

    [Flags]
    private enum Side
    {
        None = 0,
        Left = 1,
        Right = 2,
        Both = Left | Right,
    }

    // Regions and the words that name them; a request and a report that name regions but none in common disagree.
    private static readonly (string Region, string[] Terms)[] Regions =
    [
        ("head", ["頭部", "頭蓋", "脳", "head", "brain", "cranial", "intracranial"]),
        ("neck", ["頸部", "頚部", "甲状腺", "neck", "thyroid", "cervical"]),
        ("chest", ["胸部", "肺", "縦隔", "胸膜", "chest", "lung", "pulmonary", "thorax", "thoracic", "mediastin", "pleura"]),
        ("abdomen", ["腹部", "肝", "膵", "胆嚢", "脾", "腎", "abdomen", "abdominal", "liver", "hepatic", "pancrea", "gallbladder", "spleen", "kidney", "renal"]),
        ("pelvis", ["骨盤", "膀胱", "前立腺", "子宮", "卵巣", "pelvis", "pelvic", "bladder", "prostate", "uterus", "ovar"]),
        ("spine", ["脊椎", "腰椎", "胸椎", "頸椎", "脊髄", "spine", "spinal", "lumbar", "vertebra"]),
        ("breast", ["乳房", "乳腺", "breast", "mammary"]),
        ("knee", ["膝", "knee"]),
        ("shoulder", ["肩", "shoulder"]),
    ];

    private static readonly string[] CriticalTerms =
    [
        "くも膜下出血", "大動脈解離", "気胸", "肺塞栓", "遊離ガス", "腹腔内遊離ガス", "脳出血", "急性脳梗塞", "腸管虚血", "大動脈瘤破裂", "緊張性気胸",
        "subarachnoid hemorrhage", "subarachnoid haemorrhage", "aortic dissection", "pneumothorax", "pulmonary embolism",
        "free air", "pneumoperitoneum", "intracranial hemorrhage", "acute infarct", "bowel ischemia", "ruptured aneurysm",
    ];

    private static readonly string[] PriorTerms = ["前回", "比較", "以前", "前回比", "経時", "prior", "previous", "compar", "interval", "since"];

    // Words of a question that say what is asked, not about what: left out when looking for the question's topic.
    private static readonly HashSet<string> QuestionStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "有無", "評価", "精査", "除外", "疑い", "否定", "お願い", "確認", "検索", "程度", "所見", "鑑別", "診断", "読影", "依頼", "経過", "観察",
        "rule", "evaluate", "evaluation", "assess", "assessment", "please", "with", "without", "exclude", "suspected", "suspicion",
        "findings", "question", "there", "signs", "sign", "status", "follow", "check", "any", "for", "of", "the", "and", "or",
    };

    /// <summary>Runs every check; an empty list when nothing was found.</summary>
    public static IReadOnlyList<ReportCheckFinding> Run(ReportCheckFacts facts, ReportContent report)
    {
        var findings = new List<ReportCheckFinding>();
        var text = report.Text;

        if (string.IsNullOrWhiteSpace(report.Impression))
        {
            findings.Add(new(EmptyImpression, ReportCheckSeverity.Error, "診断（インプレッション）が空です。", "The impression is empty."));
        }

        var requested = Sides(string.Join('\n', facts.Question, facts.ClinicalInformation, string.Join(' ', facts.BodyParts)));
        var reported = Sides(text);
        if (requested is Side.Left or Side.Right && reported != Side.None && (reported & requested) == Side.None)
        {
            findings.Add(new(LateralityMismatch, ReportCheckSeverity.Warning,
                $"左右の不一致：依頼は{SideJa(requested)}、レポートは{SideJa(reported)}です。",
                $"Laterality mismatch: the request says {SideEn(requested)}, the report says {SideEn(reported)}."));
        }

        var requestedRegions = RegionsIn(string.Join(' ', facts.BodyParts));
        var reportedRegions = RegionsIn(text);
        if (requestedRegions.Count > 0 && reportedRegions.Count > 0 && !requestedRegions.Overlaps(reportedRegions))
        {
            findings.Add(new(BodyPartMismatch, ReportCheckSeverity.Warning,
                $"部位の不一致：依頼の部位（{string.Join("、", facts.BodyParts)}）がレポートに記載されていません。",
                $"Body part mismatch: the report describes {string.Join(", ", reportedRegions.Order(StringComparer.Ordinal))}, the request is for {string.Join(", ", facts.BodyParts)}."));
        }

        var topics = QuestionTopics(facts.Question);
        if (topics.Count > 0 && !topics.Exists(t => Contains(text, t)))
        {
            findings.Add(new(QuestionNotAddressed, ReportCheckSeverity.Warning,
                $"依頼内容（{facts.Question.Trim()}）への回答が見当たりません。",
                $"The question of the request ({facts.Question.Trim()}) does not seem to be addressed."));
        }

        if (facts.HasPriors && !Array.Exists(PriorTerms, t => Contains(text, t)))
        {
            findings.Add(new(PriorNotMentioned, ReportCheckSeverity.Warning,
                "比較画像が添付されていますが、前回との比較が記載されていません。",
                "Prior studies were attached but the report does not mention a comparison."));
        }

        if (!report.Critical && CriticalTermsIn(text) is { Count: > 0 } critical)
        {
            findings.Add(new(CriticalNotFlagged, ReportCheckSeverity.Warning,
                $"緊急所見（{string.Join("、", critical)}）の記載がありますが、緊急フラグが付いていません。",
                $"Critical finding ({string.Join(", ", critical)}) mentioned but the report is not flagged critical."));
        }

        foreach (Match match in Measurement().Matches(text))
        {
            if (UnusualMeasurementOf(match) is { } reason)
            {
                findings.Add(new(UnusualMeasurement, ReportCheckSeverity.Warning,
                    $"数値・単位を確認してください：「{match.Value.Trim()}」（{reason.Ja}）。",
                    $"Check the number or unit: \"{match.Value.Trim()}\" ({reason.En})."));
            }
        }

        return findings;
    }

    private static Side Sides(string text)
    {
        var side = Side.None;
        if (text.Contains("両側", StringComparison.Ordinal) || text.Contains("左右", StringComparison.Ordinal) || BilateralEn().IsMatch(text))
        {
            return Side.Both;
        }

        if (text.Contains('左') || LeftEn().IsMatch(text))
        {
            side |= Side.Left;
        }

        if (text.Contains('右') || RightEn().IsMatch(text))
        {
            side |= Side.Right;
        }

        return side;
    }

    private static string SideJa(Side side) => side switch { Side.Left => "左", Side.Right => "右", _ => "両側" };

    private static string SideEn(Side side) => side switch { Side.Left => "left", Side.Right => "right", _ => "both sides" };

    private static HashSet<string> RegionsIn(string text)
    {
        var regions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (region, terms) in Regions)
        {
            if (Array.Exists(terms, t => Contains(text, t)))
            {
                regions.Add(region);
            }
        }

        return regions;
    }

    // The topics of a question: runs of kanji/katakana (Japanese) and words of four letters or more (English), without
    // the words that only say what kind of answer is wanted.
    private static List<string> QuestionTopics(string question) =>
        QuestionWord().Matches(question)
            .Select(m => m.Value)
            .Where(w => !QuestionStopWords.Contains(w) && (w.Length >= 4 || !IsAscii(w)) && w.Length >= 2)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static List<string> CriticalTermsIn(string text)
    {
        var found = new List<string>();
        foreach (var term in CriticalTerms)
        {
            for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                if (!IsNegated(text, at, term.Length))
                {
                    if (!found.Exists(f => f.Contains(term, StringComparison.OrdinalIgnoreCase) || term.Contains(f, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add(term);
                    }

                    break;
                }
            }
        }

        return found;
    }

    // "気胸なし", "気胸は認めない", "no pneumothorax", "negative for pulmonary embolism": a mention that denies the finding.
    private static bool IsNegated(string text, int at, int length)
    {
        var after = text.AsSpan(at + length, Math.Min(12, text.Length - at - length)).ToString();
        if (JapaneseNegation().IsMatch(after))
        {
            return true;
        }

        var before = text.AsSpan(Math.Max(0, at - 24), Math.Min(24, at)).ToString();
        return EnglishNegation().IsMatch(before);
    }

    private static (string Ja, string En)? UnusualMeasurementOf(Match match)
    {
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var negative = match.Groups["sign"].Success;
        var unit = match.Groups["unit"].Value;
        if (negative)
        {
            return ("負の大きさ", "a negative size");
        }

        return unit switch
        {
            "m" => ("メートル単位の病変", "a lesion measured in metres"),
            "cm" when value > 50 => ("50 cmを超える大きさ", "larger than 50 cm"),
            "mm" when value > 500 => ("500 mmを超える大きさ", "larger than 500 mm"),
            _ => null,
        };
    }

    private static bool Contains(string text, string term) => text.Contains(term, StringComparison.OrdinalIgnoreCase);

    private static bool IsAscii(string text) => text.All(char.IsAscii);

    [GeneratedRegex(@"\b(bilateral|bilaterally|both sides)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BilateralEn();

    [GeneratedRegex(@"\b(?i:left|lt)\b|(?<![A-Za-z])L(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex LeftEn();

    [GeneratedRegex(@"\b(?i:right|rt)\b|(?<![A-Za-z])R(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex RightEn();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\p{IsKatakana}ー]{2,}|[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionWord();

    [GeneratedRegex(@"^[^\s。、,.]{0,2}?\s*(は|を|も)?\s*(なし|無し|ない|認めない|認めず|認めません|ありません|否定的|指摘できない)", RegexOptions.CultureInvariant)]
    private static partial Regex JapaneseNegation();

    [GeneratedRegex(@"\b(no|without|negative for|free of|rule out|no evidence of)\s+(\w+\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishNegation();

    // A number with a length unit; the sign counts only where it is not a range ("3-5 mm").
    [GeneratedRegex(@"(?<![\d.]\s*)(?<sign>[-−])?\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>mm|cm|m)(?![A-Za-z²³])", RegexOptions.CultureInvariant)]
    private static partial Regex Measurement();
}
