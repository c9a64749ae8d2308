namespace Dokuei.Server.Features.Identity;

/// <summary>How many failed sign-ins in a row lock an account, and for how long.</summary>
/// <param name="MaxFailures">Failures in a row that lock the account.</param>
/// <param name="LockoutDuration">How long it stays locked.</param>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan LockoutDuration)
{
    /// <summary>5 failures lock the account for 15 minutes.</summary>
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}
