namespace Dokuei.Server.Features.Requests;

/// <summary>How many radiologists read a request and how their readings combine.</summary>
public enum ReadingMode
{
    /// <summary>One reader drafts and signs.</summary>
    Single,

    /// <summary>二次読影: a first reader drafts, a second (senior) reader reviews, edits and signs.</summary>
    Double,

    /// <summary>Three readers in turn; the third signs.</summary>
    Triple,

    /// <summary>Two readers independently, blind to each other until both have submitted; then a reconciliation.</summary>
    BlindDouble,
}
