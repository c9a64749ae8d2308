namespace Dokuei.Server.Features.Requests;

/// <summary>Why a request is made.</summary>
public enum ReadingRequestType
{
    /// <summary>An ordinary reading of a new study.</summary>
    Normal,

    /// <summary>A second opinion on a study already reported; linked to the original request.</summary>
    SecondOpinion,

    /// <summary>再読影: the study is read again; linked to the original request.</summary>
    Rereading,
}
