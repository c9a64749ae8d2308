namespace Dokuei.Server.Features.Identity;

/// <summary>The outcome of checking a password against its stored hash.</summary>
public enum PasswordVerification
{
    /// <summary>Wrong password.</summary>
    Failed,

    /// <summary>Right password.</summary>
    Succeeded,

    /// <summary>Right password, but the hash uses weaker parameters than the current ones: store a new hash.</summary>
    SucceededRehashNeeded,
}
