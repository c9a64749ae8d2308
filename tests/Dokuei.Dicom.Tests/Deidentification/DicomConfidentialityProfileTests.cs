using Dokuei.Dicom.Deidentification;
using static Dokuei.Dicom.Tests.Deidentification.SyntheticInstance;

namespace Dokuei.Dicom.Tests.Deidentification;

public class DicomConfidentialityProfileTests
{
    [Fact]
    public void Table_has_every_row_of_the_2025a_edition()
    {
        Assert.Equal("2025a", DicomConfidentialityProfile.Edition);
        Assert.Equal(631, DicomConfidentialityProfile.Rules.Count);
        Assert.Equal(631, DicomConfidentialityProfile.Rules.Select(r => (r.Tag, r.Mask)).Distinct().Count());
    }

    [Theory]
    [InlineData(0x0010, 0x0010, DicomDeidentificationAction.Zero)]
    [InlineData(0x0010, 0x0020, DicomDeidentificationAction.ZeroOrDummy)]
    [InlineData(0x0008, 0x0018, DicomDeidentificationAction.ReplaceUid)]
    [InlineData(0x0008, 0x1140, DicomDeidentificationAction.RemoveOrZeroOrReplaceUids)]
    [InlineData(0x0008, 0x0080, DicomDeidentificationAction.RemoveOrZeroOrDummy)]
    [InlineData(0x0040, 0xA730, DicomDeidentificationAction.Dummy)]
    [InlineData(0x6002, 0x3000, DicomDeidentificationAction.Remove)]
    [InlineData(0x601E, 0x4000, DicomDeidentificationAction.Remove)]
    [InlineData(0x5010, 0x0005, DicomDeidentificationAction.Remove)]
    [InlineData(0x0029, 0x1010, DicomDeidentificationAction.Remove)]
    [InlineData(0x0009, 0x0010, DicomDeidentificationAction.Remove)]
    public void Basic_profile_actions_come_from_the_table(ushort group, ushort element, DicomDeidentificationAction expected)
    {
        Assert.True(DicomConfidentialityProfile.TryGetRule(T(group, element), out var rule));
        Assert.Equal(expected, rule.BasicProfile);
        Assert.Equal(expected, rule.ActionFor(DicomConfidentialityOptions.None));
    }

    [Theory]
    [InlineData(0x0008, 0x0016)]
    [InlineData(0x0028, 0x0010)]
    [InlineData(0x6000, 0x0010)]
    public void Attributes_the_table_does_not_list_have_no_rule(ushort group, ushort element) =>
        Assert.False(DicomConfidentialityProfile.TryGetRule(T(group, element), out _));

    [Theory]
    [InlineData(0x0008, 0x0020, DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates, DicomDeidentificationAction.Keep)]
    [InlineData(0x0010, 0x0030, DicomConfidentialityOptions.RetainLongitudinalTemporalInformationFullDates, DicomDeidentificationAction.Zero)]
    [InlineData(0x0010, 0x0040, DicomConfidentialityOptions.RetainPatientCharacteristics, DicomDeidentificationAction.Keep)]
    [InlineData(0x0010, 0x2110, DicomConfidentialityOptions.RetainPatientCharacteristics, DicomDeidentificationAction.Clean)]
    [InlineData(0x0018, 0x1002, DicomConfidentialityOptions.RetainDeviceIdentity, DicomDeidentificationAction.Keep)]
    [InlineData(0x0020, 0x000D, DicomConfidentialityOptions.RetainUids, DicomDeidentificationAction.Keep)]
    public void An_option_overrides_the_basic_profile(ushort group, ushort element, DicomConfidentialityOptions options, DicomDeidentificationAction expected)
    {
        Assert.True(DicomConfidentialityProfile.TryGetRule(T(group, element), out var rule));
        Assert.Equal(expected, rule.ActionFor(options));
    }

    [Fact]
    public void Where_two_options_apply_the_one_that_keeps_wins()
    {
        // Date of Last Calibration: K under Retain Device Identity, C under Retain Longitudinal Modified Dates.
        Assert.True(DicomConfidentialityProfile.TryGetRule(T(0x0018, 0x1200), out var calibration));
        Assert.Equal(DicomDeidentificationAction.Keep, calibration.ActionFor(DicomConfidentialityOptions.RetainDeviceIdentity | DicomConfidentialityOptions.RetainLongitudinalTemporalInformationModifiedDates));
    }
}
