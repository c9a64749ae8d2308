using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class UserRoleTests
{
    [Theory]
    [InlineData(UserRole.FacilityStaff, false)]
    [InlineData(UserRole.ReferringPhysician, false)]
    [InlineData(UserRole.Coordinator, true)]
    [InlineData(UserRole.Radiologist, true)]
    [InlineData(UserRole.QaChecker, true)]
    [InlineData(UserRole.Admin, true)]
    [InlineData(UserRole.Billing, true)]
    public void Center_roles_always_need_totp_and_facility_roles_when_their_facility_says_so(UserRole role, bool center)
    {
        Assert.Equal(center, role.IsCenterRole());
        Assert.Equal(center, role.RequiresSecondFactor(facilityRequiresSecondFactor: false));
        Assert.True(role.RequiresSecondFactor(facilityRequiresSecondFactor: true));
    }
}
