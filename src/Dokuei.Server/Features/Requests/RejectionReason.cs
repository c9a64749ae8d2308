namespace Dokuei.Server.Features.Requests;

/// <summary>Why the center refuses a request.</summary>
public enum RejectionReason
{
    /// <summary>The images do not allow a reading (re-capture needed).</summary>
    ImagesInsufficient,

    /// <summary>The images are not those of the requested examination.</summary>
    WrongStudy,

    /// <summary>The examination is outside what the contract or the center covers.</summary>
    OutOfScope,

    /// <summary>The same study was already requested.</summary>
    Duplicate,

    /// <summary>Another reason, given in words.</summary>
    Other,
}
