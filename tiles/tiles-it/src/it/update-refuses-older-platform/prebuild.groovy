evaluate(new File(basedir, '../../../src/it-shared/update-service.groovy'))
true
