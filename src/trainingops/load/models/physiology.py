"""Heart-rate physiology the models and the device readers share: what a recorded heart rate can be."""

from __future__ import annotations

# Above this a recorded heart rate is almost certainly an artefact (cadence lock, optical sensor noise), not
# physiology: 220 bpm is the age-zero intercept of the classic "220 − age" rule (Fox, Naughton & Haskell 1971)
# and lies above the measured maxima of young athletes (Tanaka et al. 2001, JACC 37:153: 208 − 0.7 × age).
HR_PLAUSIBLE_MAX_BPM = 220
# Sensors report 0 when they lose contact; no athlete in motion has a heart rate that low.
HR_SENSOR_FLOOR_BPM = 1
