using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Tests.Features.Assignment;

public sealed class ReaderAssignmentTests
{
    private const string Mammography = "マンモグラフィ読影認定医";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(9));
    private const long Facility = 7;

    private static AssignmentCase Case(ReadingStep step = ReadingStep.First) => new()
    {
        RequestId = Guid.NewGuid(),
        FacilityId = Facility,
        Step = step,
        Modality = "CT",
        RequestedSpecialty = "neuro",
        DueAt = Now.AddHours(8),
    };

    private static RadiologistCandidate Reader(string name, int years = 10, int openTasks = 2) => new()
    {
        UserId = NamedId(name),
        YearsOfExperience = years,
        Certifications = new HashSet<string> { "放射線診断専門医" },
        Specialties = new HashSet<string> { "neuro", "chest" },
        Modalities = new HashSet<string> { "CT", "MR" },
        Shifts = [new Shift(Now.AddHours(-1), Now.AddHours(7))],
        OpenTasks = openTasks,
        Capacity = 10,
    };

    private static Guid NamedId(string name) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    [Fact]
    public void A_matching_reader_on_shift_with_room_is_eligible_and_every_rule_says_why()
    {
        var decision = ReaderAssignment.Check(Case(), Reader("tanaka"), Now);

        Assert.True(decision.IsEligible);
        Assert.Equal(
            ["modality", "specialty", "certification", "facility_conflict", "same_reader", "shift", "capacity"],
            decision.Checks.Select(c => c.Rule));
        Assert.All(decision.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Explanation)));
    }

    [Fact]
    public void Each_unmet_rule_is_reported_not_only_the_first()
    {
        var reader = Reader("suzuki") with
        {
            Modalities = new HashSet<string> { "MR" },
            Specialties = new HashSet<string> { "abdomen" },
            ConflictFacilityIds = new HashSet<long> { Facility },
            OpenTasks = 10,
        };

        var decision = ReaderAssignment.Check(Case(), reader, Now);

        Assert.False(decision.IsEligible);
        Assert.Equal(["modality", "specialty", "facility_conflict", "capacity"], decision.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void Mammography_needs_the_certified_reader()
    {
        var mg = Case() with { Modality = "MG", RequestedSpecialty = "breast", RequiredCertifications = new HashSet<string> { Mammography } };
        var uncertified = Reader("sato") with { Modalities = new HashSet<string> { "MG" }, Specialties = new HashSet<string> { "breast" } };
        var certified = uncertified with { UserId = NamedId("ito"), Certifications = new HashSet<string> { Mammography } };

        var refused = ReaderAssignment.Check(mg, uncertified, Now);

        Assert.Equal("certification", Assert.Single(refused.Failures).Rule);
        Assert.Contains(Mammography, refused.Failures.Single().Explanation, StringComparison.Ordinal);
        Assert.True(ReaderAssignment.Check(mg, certified, Now).IsEligible);
    }

    [Fact]
    public void The_first_reader_is_never_eligible_for_the_second_step()
    {
        var first = Reader("tanaka", years: 5);
        var second = Case(ReadingStep.Second) with { OtherReaders = new Dictionary<Guid, int> { [first.UserId] = 5 } };

        var decision = ReaderAssignment.Check(second, first with { YearsOfExperience = 30 }, Now);

        Assert.Equal("same_reader", Assert.Single(decision.Failures).Rule);
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(5, false)]
    [InlineData(3, false)]
    public void The_second_reader_must_be_more_senior_than_the_first(int years, bool eligible)
    {
        var second = Case(ReadingStep.Second) with { OtherReaders = new Dictionary<Guid, int> { [NamedId("tanaka")] = 5 } };

        var decision = ReaderAssignment.Check(second, Reader("kato", years), Now);

        Assert.Equal(eligible, decision.IsEligible);
        Assert.Contains(decision.Checks, c => c.Rule == "seniority");
    }

    [Fact]
    public void Blind_readers_need_no_seniority_over_each_other()
    {
        var blindB = Case(ReadingStep.BlindB) with { OtherReaders = new Dictionary<Guid, int> { [NamedId("tanaka")] = 20 } };

        var decision = ReaderAssignment.Check(blindB, Reader("kato", 3), Now);

        Assert.True(decision.IsEligible);
        Assert.DoesNotContain(decision.Checks, c => c.Rule == "seniority");
    }

    [Theory]
    [InlineData(-3, -1, false)] // ended before now
    [InlineData(9, 12, false)] // starts after the due time (now + 8 h)
    [InlineData(7, 12, true)] // starts before the due time
    [InlineData(-1, 1, true)] // on shift now
    public void A_reader_must_be_on_shift_between_now_and_the_due_time(int startHours, int endHours, bool eligible)
    {
        var reader = Reader("kimura") with { Shifts = [new Shift(Now.AddHours(startHours), Now.AddHours(endHours))] };

        var decision = ReaderAssignment.Check(Case(), reader, Now);

        Assert.Equal(eligible, decision.IsEligible);
    }

    [Fact]
    public void The_lighter_load_ranks_first_when_all_else_is_equal()
    {
        var busy = Reader("busy", openTasks: 8);
        var free = Reader("free", openTasks: 1);

        var ranking = ReaderAssignment.Rank(Case(), [busy, free], Now);

        Assert.Equal([free.UserId, busy.UserId], ranking.Ranked.Select(r => r.RadiologistId));
        Assert.Equal(LoadPoints(1), ranking.Ranked[0].Components.Single(c => c.Factor == "load").Points, 6);
    }

    [Fact]
    public void The_reader_of_the_priors_outranks_a_slightly_less_loaded_one()
    {
        var priorsReader = Reader("priors", openTasks: 4);
        var other = Reader("other", openTasks: 2);
        var withPriors = Case() with { PriorReaderIds = new HashSet<Guid> { priorsReader.UserId } };

        var ranking = ReaderAssignment.Rank(withPriors, [other, priorsReader], Now);

        Assert.Equal(priorsReader.UserId, ranking.Best?.RadiologistId);
        Assert.Equal("reported the priors", ranking.Best!.Components.Single(c => c.Factor == "continuity").Explanation);
    }

    [Fact]
    public void A_reader_on_shift_now_outranks_one_whose_shift_starts_just_before_the_deadline()
    {
        var now = Reader("now");
        var later = Reader("later") with { Shifts = [new Shift(Now.AddHours(6), Now.AddHours(10))] };

        var ranking = ReaderAssignment.Rank(Case(), [later, now], Now);

        Assert.Equal([now.UserId, later.UserId], ranking.Ranked.Select(r => r.RadiologistId));
        var deadline = ranking.Ranked[1].Components.Single(c => c.Factor == "deadline");
        Assert.Equal(ReaderAssignment.DeadlinePoints * 0.25, deadline.Points, 6);
        Assert.Equal("on shift in 360 min of the 480 min left", deadline.Explanation);
    }

    [Fact]
    public void The_facilitys_preferred_reader_gets_the_preference_points()
    {
        var preferred = Reader("preferred");
        var assignmentCase = Case() with { PreferredReaderIds = new HashSet<Guid> { preferred.UserId } };

        var score = ReaderAssignment.Score(assignmentCase, preferred, Now);

        Assert.Equal(ReaderAssignment.PreferencePoints, score.Components.Single(c => c.Factor == "preference").Points);
    }

    [Fact]
    public void Ineligible_readers_are_left_out_of_the_ranking_with_their_reasons()
    {
        var conflicted = Reader("conflicted") with { ConflictFacilityIds = new HashSet<long> { Facility } };
        var ok = Reader("ok");

        var ranking = ReaderAssignment.Rank(Case(), [conflicted, ok], Now);

        Assert.Equal(ok.UserId, Assert.Single(ranking.Ranked).RadiologistId);
        var excluded = Assert.Single(ranking.Excluded);
        Assert.Equal(conflicted.UserId, excluded.RadiologistId);
        Assert.Equal("facility_conflict", Assert.Single(excluded.Failures).Rule);
    }

    [Fact]
    public void Nobody_eligible_means_no_automatic_assignment()
    {
        var ranking = ReaderAssignment.Rank(Case(), [Reader("full", openTasks: 10)], Now);

        Assert.Null(ranking.Best);
        Assert.Single(ranking.Excluded);
    }

    [Fact]
    public void Equal_scores_are_ordered_the_same_way_whatever_the_input_order()
    {
        var a = Reader("a");
        var b = Reader("b");

        var one = ReaderAssignment.Rank(Case(), [a, b], Now).Ranked.Select(r => r.RadiologistId);
        var other = ReaderAssignment.Rank(Case(), [b, a], Now).Ranked.Select(r => r.RadiologistId);

        Assert.Equal(one, other);
    }

    private static double LoadPoints(int openTasks) => ReaderAssignment.LoadPoints * (10 - openTasks) / 10.0;
}
