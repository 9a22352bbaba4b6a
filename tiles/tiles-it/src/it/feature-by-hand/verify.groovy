// The data-jdbc feature tile added by hand (one <tile> line, the driver of one's choice): the
// repository is generated at compile time and its test runs on H2, next to the Micronaut tile's
// processors, which still ran (the test's own bean definition exists).
def log = new File(basedir, 'build.log').text
assert log.contains('Injecting 3 tiles as intermediary parent artifacts')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
def classes = new File(basedir, 'target/classes/it/feature').list() as List
assert classes.any { it.startsWith('$BookRepository$Intercepted') } : classes
def testClasses = new File(basedir, 'target/test-classes/it/feature').list() as List
assert testClasses.any { it.contains('BookRepositoryTest$Definition') } : testClasses
