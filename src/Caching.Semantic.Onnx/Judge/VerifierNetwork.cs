using System;
using System.Buffers.Binary;
using System.IO;
using System.Numerics.Tensors;

namespace Caching.Semantic.Onnx;

/// <summary>
/// A small network that says how likely two texts ask the same thing: one-hidden-layer perceptrons (ReLU, then a
/// sigmoid), whose outputs are averaged when there are several (the shipped judge has one). Weights are read from a little-endian file:
/// <c>"MLV1", models, inputs, hidden, threshold (f64), floor (f64)</c>, then per model W1 (hidden × inputs), b1, w2, b2.
/// </summary>
internal sealed class VerifierNetwork
{
    private static ReadOnlySpan<byte> Magic => "MLV1"u8;

    private readonly Perceptron[] _models;

    public VerifierNetwork(Perceptron[] models, int inputs, int hidden, double threshold, double floor)
    {
        _models = models;
        Inputs = inputs;
        Hidden = hidden;
        Threshold = threshold;
        Floor = floor;
    }

    public int Inputs { get; }

    public int Hidden { get; }

    /// <summary>The score at or over which a pair is served, chosen on held-out scores of the labelled pairs.</summary>
    public double Threshold { get; }

    /// <summary>The cosine under which a pair is not scored.</summary>
    public double Floor { get; }

    public double Score(ReadOnlySpan<float> features)
    {
        Span<float> hidden = stackalloc float[Hidden];
        double sum = 0;
        foreach (Perceptron model in _models)
        {
            sum += model.Predict(features, hidden);
        }

        return sum / _models.Length;
    }

    public static VerifierNetwork Read(Stream stream)
    {
        using var reader = new BinaryReader(stream);
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a verifier weights file.");
        }

        int count = reader.ReadInt32(), inputs = reader.ReadInt32(), hidden = reader.ReadInt32();
        double threshold = reader.ReadDouble(), floor = reader.ReadDouble();
        var models = new Perceptron[count];
        for (int m = 0; m < count; m++)
        {
            models[m] = new Perceptron(ReadFloats(reader, hidden * inputs), ReadFloats(reader, hidden), ReadFloats(reader, hidden), reader.ReadSingle());
        }

        return new VerifierNetwork(models, inputs, hidden, threshold, floor);
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(_models.Length);
        writer.Write(Inputs);
        writer.Write(Hidden);
        writer.Write(Threshold);
        writer.Write(Floor);
        foreach (Perceptron model in _models)
        {
            WriteFloats(writer, model.W1);
            WriteFloats(writer, model.B1);
            WriteFloats(writer, model.W2);
            writer.Write(model.B2);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        byte[] bytes = reader.ReadBytes(count * sizeof(float));
        if (bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException("The verifier weights file is truncated.");
        }

        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>One member of the ensemble.</summary>
    internal sealed class Perceptron(float[] w1, float[] b1, float[] w2, float b2)
    {
        public float[] W1 { get; } = w1;

        public float[] B1 { get; } = b1;

        public float[] W2 { get; } = w2;

        public float B2 { get; set; } = b2;

        public double Predict(ReadOnlySpan<float> features, Span<float> hidden)
        {
            int inputs = features.Length;
            double z = B2;
            for (int j = 0; j < B1.Length; j++)
            {
                float activation = B1[j] + TensorPrimitives.Dot(W1.AsSpan(j * inputs, inputs), features);
                hidden[j] = activation > 0 ? activation : 0;
                z += W2[j] * hidden[j];
            }

            return 1 / (1 + Math.Exp(-z));
        }
    }
}
