namespace Dokuei.Server.Data;

/// <summary>
/// Which facilities' patient data the current caller may see: one facility, all (the operator, operator commands), or
/// none (the default, so a code path that forgets to set the scope sees nothing rather than everything).
/// The DbContext applies it as a global query filter on every archive table: the one place tenancy is enforced.
/// </summary>
internal sealed class FacilityScope
{
    public long? FacilityId { get; private set; }

    public bool All { get; private set; }

    public static FacilityScope ForAll() => new() { All = true };

    public static FacilityScope ForFacility(long facilityId) => new() { FacilityId = facilityId };

    public void SetAll()
    {
        All = true;
        FacilityId = null;
    }

    public void SetFacility(long facilityId)
    {
        All = false;
        FacilityId = facilityId;
    }
}
