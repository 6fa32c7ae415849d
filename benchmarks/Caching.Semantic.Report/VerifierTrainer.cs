using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Caching.Semantic.Onnx;

namespace Caching.Semantic.Report;

/// <summary>
/// Trains the MiniLM judge on the development pairs: a perceptron with one hidden layer of 32 (Adam, four epochs). Five
/// more, each trained on four folds, give every development pair a score from a network that never saw it; the threshold
/// is chosen on those out-of-fold scores: the lowest at which at most <see cref="TargetWrongRate"/> of the non-duplicates
/// are served. The shipped network is trained the same way on every development pair (one network, not the five: a
/// lookup scores its candidates in a few microseconds). Deterministic: seeded initialization and order.
/// </summary>
internal static class VerifierTrainer
{
    /// <summary>Under the 1 % target, for the margin a new set of pairs needs.</summary>
    public const double TargetWrongRate = 0.008;

    private const int Folds = 5;
    private const int Hidden = 32;
    private const int Epochs = 4;
    private const int BatchSize = 32;
    private const float LearningRate = 1e-3f;
    private const float WeightDecay = 1e-4f;

    // A wrong hit costs more than a miss: non-duplicates weigh double in the loss.
    private const float NonDuplicateWeight = 2f;

    public static (VerifierNetwork Network, double[] OutOfFold) Train(IReadOnlyList<LabelledPair> development, IReadOnlyDictionary<string, float[]> vectors)
    {
        float[][] features = [.. development.Select(p => FeaturesOf(vectors[p.A], vectors[p.B]))];
        bool[] labels = [.. development.Select(p => p.Duplicate)];
        int[] order = LabelledPairs.Shuffled(development.Count, seed: 5);
        var outOfFold = new double[development.Count];
        int inputs = features[0].Length;
        var hidden = new float[Hidden];
        for (int fold = 0; fold < Folds; fold++)
        {
            int[] training = [.. order.Where((_, i) => i % Folds != fold)];
            int[] scored = [.. order.Where((_, i) => i % Folds == fold)];
            VerifierNetwork.Perceptron model = TrainOne(features, labels, training, inputs, seed: 100 + fold);
            foreach (int i in scored)
            {
                outOfFold[i] = model.Predict(features[i], hidden);
            }

            Console.WriteLine($"  fold {fold + 1}/{Folds} trained");
        }

        double threshold = Curves.ThresholdFor(outOfFold, labels, TargetWrongRate);
        double floor = CosineFloor(development, vectors, outOfFold, threshold);
        VerifierNetwork.Perceptron shipped = TrainOne(features, labels, order, inputs, seed: 100);
        return (new VerifierNetwork([shipped], inputs, Hidden, threshold, floor), outOfFold);
    }

    public static float[] FeaturesOf(float[] a, float[] b)
    {
        var features = new float[VerifierFeatures.CountFor(a.Length)];
        VerifierFeatures.Write(b, a, TensorPrimitives.Dot(a, b), features);
        return features;
    }

    /// <summary>Just under the lowest cosine of a pair the judge served out of fold: lower candidates are not worth scoring.</summary>
    private static double CosineFloor(IReadOnlyList<LabelledPair> pairs, IReadOnlyDictionary<string, float[]> vectors, double[] scores, double threshold)
    {
        double lowest = 1;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (scores[i] >= threshold)
            {
                lowest = Math.Min(lowest, TensorPrimitives.Dot(vectors[pairs[i].A], vectors[pairs[i].B]));
            }
        }

        return Math.Floor((lowest - 0.02) * 100) / 100;
    }

    private static VerifierNetwork.Perceptron TrainOne(float[][] features, bool[] labels, int[] training, int inputs, int seed)
    {
        var random = new Random(seed);
        var w1 = new float[Hidden * inputs];
        var b1 = new float[Hidden];
        var w2 = new float[Hidden];
        float scale1 = MathF.Sqrt(2f / inputs), scale2 = MathF.Sqrt(1f / Hidden);
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] = Gaussian(random) * scale1;
        }

        for (int j = 0; j < Hidden; j++)
        {
            w2[j] = Gaussian(random) * scale2;
        }

        var model = new VerifierNetwork.Perceptron(w1, b1, w2, 0);
        var adam = new Adam(w1.Length, Hidden);
        var gW1 = new float[w1.Length];
        var gB1 = new float[Hidden];
        var gW2 = new float[Hidden];
        var hidden = new float[Hidden];
        int[] order = (int[])training.Clone();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int start = 0; start < order.Length; start += BatchSize)
            {
                Array.Clear(gW1);
                Array.Clear(gB1);
                Array.Clear(gW2);
                float gB2 = 0;
                int count = Math.Min(BatchSize, order.Length - start);
                for (int n = 0; n < count; n++)
                {
                    int example = order[start + n];
                    float[] x = features[example];
                    double p = model.Predict(x, hidden);
                    float error = (float)(p - (labels[example] ? 1 : 0)) * (labels[example] ? 1 : NonDuplicateWeight);
                    gB2 += error;
                    for (int j = 0; j < Hidden; j++)
                    {
                        gW2[j] += error * hidden[j];
                        if (hidden[j] > 0)
                        {
                            float back = error * w2[j];
                            gB1[j] += back;
                            TensorPrimitives.MultiplyAdd(x, back, gW1.AsSpan(j * inputs, inputs), gW1.AsSpan(j * inputs, inputs));
                        }
                    }
                }

                adam.Step(model, gW1, gB1, gW2, gB2, count);
            }
        }

        return model;
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Adam with decoupled-free L2 decay, over the perceptron's four tensors.</summary>
    private sealed class Adam(int weights, int hidden)
    {
        private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

        private readonly float[] _mW1 = new float[weights], _vW1 = new float[weights];
        private readonly float[] _mB1 = new float[hidden], _vB1 = new float[hidden];
        private readonly float[] _mW2 = new float[hidden], _vW2 = new float[hidden];
        private readonly float[] _mB2 = new float[1], _vB2 = new float[1];
        private int _t;

        public void Step(VerifierNetwork.Perceptron model, float[] gW1, float[] gB1, float[] gW2, float gB2, int count)
        {
            _t++;
            float correction1 = 1 - MathF.Pow(Beta1, _t), correction2 = 1 - MathF.Pow(Beta2, _t);
            Update(model.W1, gW1, _mW1, _vW1, count, correction1, correction2);
            Update(model.B1, gB1, _mB1, _vB1, count, correction1, correction2);
            Update(model.W2, gW2, _mW2, _vW2, count, correction1, correction2);
            float[] b2 = [model.B2];
            Update(b2, [gB2], _mB2, _vB2, count, correction1, correction2);
            model.B2 = b2[0];
        }

        private static void Update(float[] w, float[] g, float[] m, float[] v, int count, float correction1, float correction2)
        {
            for (int i = 0; i < w.Length; i++)
            {
                float gradient = (g[i] / count) + (WeightDecay * w[i]);
                m[i] = (Beta1 * m[i]) + ((1 - Beta1) * gradient);
                v[i] = (Beta2 * v[i]) + ((1 - Beta2) * gradient * gradient);
                w[i] -= LearningRate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
            }
        }
    }
}
