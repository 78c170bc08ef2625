"""Synthetic walker with known ground truth (implemented in C++: secondheart/synth/walker.hpp)."""
