"""CyberSetu: stop cyber-fraud money."""

import os

# LightGBM (and scikit-learn) run on OpenMP, whose idle threads spin by default: on a machine
# whose cores are busy with other work, a 2-thread fit that takes 4 s took 30 s. Passive waiting
# fixes that. The runtime reads the variable once, when the library loads, so it is set here,
# before any of them is imported; a value the operator set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
