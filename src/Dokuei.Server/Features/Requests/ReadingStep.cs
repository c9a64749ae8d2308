namespace Dokuei.Server.Features.Requests;

/// <summary>A step of the reading workflow; each is carried out as a <see cref="ReadingTask"/>.</summary>
public enum ReadingStep
{
    /// <summary>First reading (single, double and triple modes).</summary>
    First,

    /// <summary>Second reading: review, edit and sign (double) or review (triple).</summary>
    Second,

    /// <summary>Third reading of the triple mode; signs.</summary>
    Third,

    /// <summary>One of the two independent readings of the blind double mode.</summary>
    BlindA,

    /// <summary>The other independent reading of the blind double mode.</summary>
    BlindB,

    /// <summary>Reconciliation of the two blind readings by a designated reader; records discrepancies and signs.</summary>
    Reconciliation,

    /// <summary>QA check of the signed report (レポートチェック).</summary>
    QualityCheck,

    /// <summary>Correction of a report that QA returned, by the reader who signed it.</summary>
    Correction,
}
