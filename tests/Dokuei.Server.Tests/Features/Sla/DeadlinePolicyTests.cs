using Dokuei.Server.Features;
using Dokuei.Server.Features.Sla;

namespace Dokuei.Server.Tests.Features.Sla;

public sealed class DeadlinePolicyTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset Due = Received.AddHours(4);

    [Theory]
    [InlineData(0, DeadlineStatus.OnTrack)]
    [InlineData(179, DeadlineStatus.OnTrack)]
    [InlineData(180, DeadlineStatus.AtRisk)] // 75% of 4 hours
    [InlineData(239, DeadlineStatus.AtRisk)]
    [InlineData(240, DeadlineStatus.Overdue)]
    [InlineData(600, DeadlineStatus.Overdue)]
    public void A_request_is_at_risk_once_three_quarters_of_its_time_is_used_and_overdue_at_its_due_time(int minutes, DeadlineStatus status) =>
        Assert.Equal(status, DeadlinePolicy.Default.Evaluate(Received, Due, Received.AddMinutes(minutes)));

    [Fact]
    public void The_at_risk_share_is_configurable() =>
        Assert.Equal(DeadlineStatus.AtRisk, new DeadlinePolicy(0.5).Evaluate(Received, Due, Received.AddHours(2)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.5)]
    public void An_at_risk_share_outside_zero_to_one_is_refused(double fraction) =>
        Assert.Equal("sla.invalid_deadline_policy", Assert.Throws<DomainException>(() => new DeadlinePolicy(fraction)).Code);
}
