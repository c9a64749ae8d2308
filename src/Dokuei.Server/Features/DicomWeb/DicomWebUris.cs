namespace Dokuei.Server.Features.DicomWeb;

/// <summary>Resource paths of the DICOMweb service, relative to the server root.</summary>
internal static class DicomWebUris
{
    public const string Root = "/dicomweb";

    public static string Study(string study) => $"{Root}/studies/{study}";

    public static string Series(string study, string series) => $"{Study(study)}/series/{series}";

    public static string Instance(string study, string series, string instance) => $"{Series(study, series)}/instances/{instance}";

    /// <summary>The bulk data path of an attribute path such as <c>/(0040,A730)/2/(7FE0,0010)</c>: <c>.../bulkdata/0040A730/2/7FE00010</c>.</summary>
    public static string BulkData(string study, string series, string instance, string attributePath) =>
        Instance(study, series, instance) + "/bulkdata" + attributePath.Replace("(", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
}
