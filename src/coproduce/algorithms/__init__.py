"""Pure Python algorithms, never importing Django: services load rows, call these, and save what they return."""
