using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class SignInLockoutTests
{
    private static readonly LockoutPolicy Policy = new(3, TimeSpan.FromMinutes(15));
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void The_failure_that_reaches_the_limit_locks_the_account_for_the_policys_duration()
    {
        var lockout = new SignInLockout();

        Assert.False(lockout.RecordFailure(Policy, T0));
        Assert.False(lockout.RecordFailure(Policy, T0.AddMinutes(1)));
        Assert.True(lockout.RecordFailure(Policy, T0.AddMinutes(2)));

        Assert.True(lockout.IsLockedOut(T0.AddMinutes(2)));
        Assert.True(lockout.IsLockedOut(T0.AddMinutes(16).AddSeconds(-1)));
        Assert.False(lockout.IsLockedOut(T0.AddMinutes(17)));
    }

    [Fact]
    public void Failures_while_locked_do_not_extend_the_lock()
    {
        var lockout = new SignInLockout();
        for (var i = 0; i < 3; i++)
        {
            lockout.RecordFailure(Policy, T0);
        }

        Assert.True(lockout.RecordFailure(Policy, T0.AddMinutes(10)));

        Assert.Equal(T0.AddMinutes(15), lockout.LockedUntil);
    }

    [Fact]
    public void A_success_clears_the_run_of_failures()
    {
        var lockout = new SignInLockout();
        lockout.RecordFailure(Policy, T0);
        lockout.RecordFailure(Policy, T0);

        lockout.RecordSuccess();

        Assert.Equal(0, lockout.FailedAttempts);
        Assert.False(lockout.RecordFailure(Policy, T0));
    }

    [Fact]
    public void After_a_lock_ends_the_count_starts_again()
    {
        var lockout = new SignInLockout();
        for (var i = 0; i < 3; i++)
        {
            lockout.RecordFailure(Policy, T0);
        }

        var later = T0.AddMinutes(20);
        Assert.False(lockout.RecordFailure(Policy, later));
        Assert.False(lockout.IsLockedOut(later));
        Assert.Equal(1, lockout.FailedAttempts);
    }

    [Fact]
    public void The_default_policy_locks_after_five_failures_for_fifteen_minutes() =>
        Assert.Equal(new LockoutPolicy(5, TimeSpan.FromMinutes(15)), LockoutPolicy.Default);
}
