namespace Dokuei.Server.Features.Identity;

/// <summary>
/// A user's run of failed sign-ins and any lock it caused. A failure while locked neither counts nor extends the lock;
/// a success clears the run; when a lock ends the count starts again from zero.
/// </summary>
public sealed class SignInLockout
{
    /// <summary>Failed sign-ins in a row since the last success or lock.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>The end of the current or last lock.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>Whether sign-in is refused at <paramref name="at"/>, whatever the password.</summary>
    public bool IsLockedOut(DateTimeOffset at) => LockedUntil > at;

    /// <summary>Counts a failed sign-in; the failure that reaches the policy's limit locks the account.</summary>
    /// <returns>Whether the account is locked after this failure.</returns>
    public bool RecordFailure(LockoutPolicy policy, DateTimeOffset at)
    {
        if (IsLockedOut(at))
        {
            return true;
        }

        FailedAttempts++;
        if (FailedAttempts >= policy.MaxFailures)
        {
            FailedAttempts = 0;
            LockedUntil = at + policy.LockoutDuration;
            return true;
        }

        return false;
    }

    /// <summary>Clears the run of failures after a successful sign-in.</summary>
    public void RecordSuccess() => FailedAttempts = 0;
}
