"""Example 01: a synthetic walker with a weak right push-off, analysed, compared with its ground truth.

Run: python examples/python/_01_synthetic_walk.py
"""

import secondheart as sh

walk = sh.synth.walk(seed=7, push_off_strength_right=0.4, schedule=[("stand", 5), ("walk", 30), ("stand", 5)])
analysis = sh.analyze(walk.session, name="synthetic walker, right push-off 0.4")
print(analysis.report(["stride_length_m", "toe_off_angle_deg", "f2_f1_ratio", "forefoot_impulse_pct", "ankle_rom_deg"]))

foot = analysis.cycles.query("source == 'foot_imu' and valid")
for side in ("left", "right"):
    measured = foot[foot.side == side]["toe_off_angle_deg"].median()
    # the model's foot pitch at the toe-off instant (the per-sample truth is quantised to the next sample)
    true = walk.truth(side).toe_off_angle_model_deg
    print(f"{side}: toe-off angle measured {measured:6.1f} deg, true {true:6.1f} deg")
