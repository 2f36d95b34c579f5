"""Put packages into Moodle courses, through the companion plugin ``local_lmsbridge``."""
