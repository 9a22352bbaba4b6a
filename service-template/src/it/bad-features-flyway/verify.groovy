// flyway without data-jdbc: no datasource to migrate. Refused with what to do, nothing is left.
def log = new File(basedir, 'build.log').text
assert log.contains("features='flyway,openapi': flyway migrates the database of data-jdbc, and without data-jdbc the service has none: add data-jdbc (e.g. data-jdbc,flyway), or leave flyway out")
assert log.contains('nothing was generated')
assert !new File(basedir, 'orders').exists() : 'a generated directory was left behind'
