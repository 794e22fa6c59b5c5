# A directory where the scenario file should be.
mkdir "$1"
