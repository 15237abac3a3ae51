using NodeAgent.Distillation.Estimation.FiniteKey;

namespace NodeAgent.Distillation.Tests.FiniteKey;

public class ChannelModelTests
{
    [Fact]
    public void Detection_and_error_probabilities_follow_Lim_section_IV()
    {
        // 25 km: η_sys = 0.1 · 10^-0.5; D = 1 − (1 − 2 p_dc) e^(−η μ); R = D (1 + p_ap);
        // e = p_dc + e_mis (1 − e^(−η μ)) + p_ap D / 2.
        ChannelModel channel = LimParameters.Fibre(25);
        double eta = 0.1 * Math.Pow(10, -0.5);
        double mu = 0.5;
        double d = 1 - ((1 - 1.2e-6) * Math.Exp(-eta * mu));

        Assert.Equal(eta, channel.SystemTransmittance, 15);
        Assert.Equal(d * 1.04, channel.DetectionProbability(mu), 14);
        Assert.Equal(6e-7 + (5e-3 * (1 - Math.Exp(-eta * mu))) + (0.04 * d / 2), channel.ErrorProbability(mu), 14);
    }

    [Fact]
    public void The_vacuum_sees_only_dark_counts_and_their_afterpulses()
    {
        ChannelModel channel = LimParameters.Fibre(100);

        Assert.Equal(1.2e-6 * 1.04, channel.DetectionProbability(0.0), 1e-20);
        Assert.Equal(6e-7 + (0.04 * 1.2e-6 / 2), channel.ErrorProbability(0.0), 1e-20);
    }

    [Fact]
    public void Keeps_precision_when_the_link_is_very_lossy()
    {
        // 60 dB: x = η μ = 5·10^-8, where e^(−x) − 1 computed naively keeps only about 8 digits; the series
        // 1 − e^(−x) = x − x²/2 + x³/6 − … is exact to double precision here.
        var channel = new ChannelModel { ChannelLossDb = 60, DetectorEfficiency = 0.1, DarkCountProbability = 0, AfterpulseProbability = 0, MisalignmentError = 0.01 };
        const double x = 5e-8;
        double clicks = x - (x * x / 2) + (x * x * x / 6);

        Assert.Equal(clicks, channel.DetectionProbability(0.5), 1e-22);
        Assert.Equal(0.01 * clicks, channel.ErrorProbability(0.5), 1e-24);
    }

    [Fact]
    public void Total_loss_replaces_the_fibre_length_and_receiver_loss_adds_to_it()
    {
        var byLength = new ChannelModel { LengthKm = 50, ReceiverLossDb = 3 };
        var byLoss = new ChannelModel { LengthKm = 999, ChannelLossDb = 10, ReceiverLossDb = 3 };

        Assert.Equal(10.0, byLength.ChannelLoss, 12);
        Assert.Equal(byLength.SystemTransmittance, byLoss.SystemTransmittance, 15);
        Assert.Equal(0.1 * Math.Pow(10, -1.3), byLoss.SystemTransmittance, 15);
    }

    [Fact]
    public void Basis_match_probabilities_use_both_ends()
    {
        var channel = new ChannelModel { AliceKeyBasisProbability = 0.9, BobKeyBasisProbability = 0.8 };

        Assert.Equal(0.72, channel.KeyBasisMatchProbability, 15);
        Assert.Equal(0.02, channel.TestBasisMatchProbability, 15);
    }

    [Fact]
    public void Validation_names_every_bad_setting()
    {
        var channel = new ChannelModel
        {
            LengthKm = -1,
            DetectorEfficiency = 0,
            DarkCountProbability = double.NaN,
            MisalignmentError = 0.7,
            RepetitionRateHz = 0,
            AliceKeyBasisProbability = 1,
        };

        IReadOnlyList<string> messages = channel.Validate();

        foreach (string name in new[] { "LengthKm", "DetectorEfficiency", "DarkCountProbability", "MisalignmentError", "RepetitionRateHz", "AliceKeyBasisProbability" })
        {
            Assert.Contains(messages, m => m.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Empty(new ChannelModel().Validate());
        Assert.Throws<ArgumentException>(() => new KeyRateModel(channel, new FiniteKeyOptions()));
    }
}
