using NodeAgent.Hal.Timing;
using NodeAgent.Hal.Transmitter;

namespace NodeAgent.Drivers.Simulated;

/// <summary>Candidate slots and the clicks they produce: honest, dark, and under each attack.</summary>
internal sealed partial class SimulatedTimeTagger
{
    /// <summary>The next candidate after <paramref name="slot"/>: a geometric skip with success probability p_max.</summary>
    private long Advance(long slot)
    {
        // P(skip ≥ g) = (1 − p)^g = P(U ≤ (1 − p)^g), so skip = floor(ln U / ln(1 − p)) for U uniform in (0, 1].
        // The skip stays a double until it is known to fit, so an astronomically rare candidate (p_max ≈ 1e-21 on a
        // very long fibre) saturates instead of overflowing; slot indices themselves stay exact longs.
        double skip = _logNoCandidate == 0 ? double.PositiveInfinity
            : Math.Floor(Math.Log(_random.NextDoubleNonZero()) / _logNoCandidate);
        long room = _maxSlot - slot - 1;
        return skip >= room ? NeverSlot : slot + 1 + (long)skip;
    }

    private void SampleCandidate(long slot)
    {
        SentPulse pulse = _schedule.PulseAt(slot);
        int k = (int)pulse.Intensity;
        // A hash of (seed, slot), no draw: with no gain-changing attack the draws below are the honest link's.
        bool attacked = _attackChangesGains && _schedule.IsAttacked(slot);

        // One uniform on [0, p_max) decides thinning and the click's origin: [0, photon_k) photon,
        // [photon_k, p_k) dark count only, [p_k, p_max) no click.
        double v = _random.NextDouble() * _maxClickProbability;
        if (_syncBlanks && SyncPattern.IsBlank(slot))
        {
            // No pulse in a blank sync slot: only a dark count can click (Y0 ≤ p_max, so thinning still holds).
            if (v < _darkOnly)
            {
                AddDarkClick(slot * _slotPeriodPs);
            }

            return;
        }

        if (attacked)
        {
            SampleAttackedCandidate(slot, pulse, k, v);
            return;
        }

        if (v >= _click[k])
        {
            return;
        }

        long slotStartPs = slot * _slotPeriodPs;
        if (v < _photonClick[k])
        {
            if (_attack == EavesdropperAttack.InterceptResend && _schedule.IsAttacked(slot))
            {
                // Intercept-resend (Bennett, Bessette, Brassard, Salvail & Smolin, J. Cryptology 5, 3 (1992)): Eve
                // measures in a random basis, learning Alice's bit when the bases match and a fair coin otherwise, and
                // resends that state. Bob's click probability is left unchanged (Eve's channel is lossless and she
                // tunes her source).
                Basis eveBasis = (Basis)_random.NextBit();
                byte eveBit = eveBasis == pulse.Basis ? pulse.Bit : _random.NextBit();
                AddPhotonClick(slotStartPs, eveBasis, eveBit, ClickOrigin.Eavesdropper);
            }
            else
            {
                AddPhotonClick(slotStartPs, pulse.Basis, pulse.Bit, ClickOrigin.None);
            }
        }
        else
        {
            AddDarkClick(slotStartPs);
        }
    }

    /// <summary>A candidate slot that photon-number splitting or blinding attacks; see <see cref="AttackModel"/>.</summary>
    private void SampleAttackedCandidate(long slot, SentPulse pulse, int k, double v)
    {
        // The same partition of [0, p_max) with the attacked slot's probabilities: [0, eve_k) Eve's click,
        // [eve_k, click_k) a dark count (PNS) or Eve's emulated dark count (blinding), [click_k, p_max) no click.
        if (v >= _attackClick[k])
        {
            return;
        }

        long slotStartPs = slot * _slotPeriodPs;
        if (v >= _attackEve[k])
        {
            AddDarkClick(slotStartPs);
            return;
        }

        if (_attack == EavesdropperAttack.PhotonNumberSplitting)
        {
            // Given a click from Eve's forwarded photons, v is uniform on [0, eve_k): below single_k the pulse was a
            // single photon she let through (she holds nothing), above it a multi-photon pulse of which she kept one.
            // Either way Bob receives Alice's state untouched.
            ClickOrigin origin = v < _attackSingle[k]
                ? ClickOrigin.Eavesdropper
                : ClickOrigin.Eavesdropper | ClickOrigin.PhotonKept;
            AddPhotonClick(slotStartPs, pulse.Basis, pulse.Bit, origin);
        }
        else
        {
            // Blinding: Eve detected the pulse in her random basis (Alice's bit when the bases match, a coin
            // otherwise) and forces the detector of that basis and bit. Bright light has no misalignment error at Bob:
            // what leaks to the wrong detector stays below its threshold.
            Basis eveBasis = (Basis)_random.NextBit();
            byte eveBit = eveBasis == pulse.Basis ? pulse.Bit : _random.NextBit();
            int channel = (2 * (int)eveBasis) + eveBit;
            _pending.Add(new PendingClick(slotStartPs + SampleJitterPs(), channel, ClickOrigin.Eavesdropper | ClickOrigin.Forced));
        }
    }

    /// <summary>A photon in state (basis, bit) reaches Bob's passive receiver and clicks.</summary>
    private void AddPhotonClick(long slotStartPs, Basis stateBasis, byte stateBit, ClickOrigin origin)
    {
        // Bob's passive beam splitter picks the basis; in the matching basis the photon goes to the wrong detector with
        // probability e_d, in the other basis it is a fair coin.
        Basis bobBasis = _random.NextDouble() < _bobZBasisProbability ? Basis.Z : Basis.X;
        byte bit = bobBasis == stateBasis
            ? (byte)(stateBit ^ (_random.NextDouble() < _misalignmentError ? 1 : 0))
            : _random.NextBit();

        int channel = (2 * (int)bobBasis) + bit;
        _pending.Add(new PendingClick(slotStartPs + SampleJitterPs(), channel, origin));
    }

    /// <summary>A dark count: any of the four detectors, at a time uniform over the slot's window [sP − P/2, sP + P/2).</summary>
    private void AddDarkClick(long slotStartPs)
    {
        int channel = (int)_random.NextBelow(LinkModel.DetectorCount);
        long timePs = slotStartPs - _halfPeriodPs + (long)_random.NextBelow((ulong)_slotPeriodPs);
        _pending.Add(new PendingClick(timePs, channel, ClickOrigin.None));
    }

    /// <summary>Gaussian timing jitter of a click, clipped at ±8 sigma; no draw when the jitter is zero.</summary>
    private long SampleJitterPs() => _jitterSigmaPs > 0
        ? (long)Math.Round(Math.Clamp(_jitterSigmaPs * _random.NextGaussian(), -_jitterClipPs, _jitterClipPs))
        : 0;
}
