namespace Dokuei.Server.Features;

/// <summary>
/// A business rule refused an operation. <see cref="Code"/> is stable (e.g. <c>request.invalid_transition</c>) and is
/// what the API maps to a ProblemDetails type; the message is for people and may change.
/// </summary>
public sealed class DomainException : Exception
{
    /// <summary>Creates the exception with its stable code and a message for people.</summary>
    public DomainException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The stable, machine-readable error code, e.g. <c>task.already_claimed</c>.</summary>
    public string Code { get; }
}
