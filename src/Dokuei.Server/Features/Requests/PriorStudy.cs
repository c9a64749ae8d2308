namespace Dokuei.Server.Features.Requests;

/// <summary>An earlier study of the same patient to compare with (比較読影).</summary>
/// <param name="StudyInstanceUid">The prior's Study Instance UID.</param>
/// <param name="SuggestedBySystem">Whether the system suggested it (true) or the facility chose it (false).</param>
public sealed record PriorStudy(string StudyInstanceUid, bool SuggestedBySystem);
