using System.Text.Json;

namespace Dokuei.Dicom;

public static partial class DicomJsonReader
{
    private enum Step
    {
        Value,
        NeedMore,
        End,
    }

    /// <summary>
    /// Finds the datasets in DICOM JSON one at a time over partial input: the reader state survives between calls, so a
    /// caller feeds it more bytes when it returns <see cref="Step.NeedMore"/> (the shape of Utf8JsonReader + JsonReaderState).
    /// </summary>
    private sealed class Scanner(int maxDepth)
    {
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = maxDepth });
        private Mode _mode;

        private enum Mode
        {
            Start,
            InArray,
            Done,
        }

        public Step Next(ReadOnlySpan<byte> data, bool isFinalBlock, out int consumed, out JsonDocument? document)
        {
            document = null;
            var reader = new Utf8JsonReader(data, isFinalBlock, _state);
            while (true)
            {
                var before = reader;
                if (!reader.Read())
                {
                    consumed = (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    if (!isFinalBlock)
                    {
                        return Step.NeedMore;
                    }

                    return _mode == Mode.Done ? Step.End : throw new DicomParseException("The DICOM JSON ends before its last dataset does.");
                }

                switch (_mode, reader.TokenType)
                {
                    case (Mode.Start, JsonTokenType.StartArray):
                        _mode = Mode.InArray;
                        continue;
                    case (Mode.InArray, JsonTokenType.EndArray):
                        _mode = Mode.Done;
                        continue;
                    case (Mode.Start or Mode.InArray, JsonTokenType.StartObject):
                        if (!JsonDocument.TryParseValue(ref reader, out document))
                        {
                            // The object is not complete yet: resume before it once more bytes are there.
                            consumed = (int)before.BytesConsumed;
                            _state = before.CurrentState;
                            return Step.NeedMore;
                        }

                        if (_mode == Mode.Start)
                        {
                            _mode = Mode.Done;
                        }

                        consumed = (int)reader.BytesConsumed;
                        _state = reader.CurrentState;
                        return Step.Value;
                    default:
                        throw new DicomParseException($"DICOM JSON must be an object or an array of objects; found {reader.TokenType} at byte {reader.TokenStartIndex} of this block.");
                }
            }
        }
    }
}
