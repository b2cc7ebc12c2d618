"""jiaoguan (交管): an internet traffic-safety service platform."""
