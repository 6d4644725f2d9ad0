import { afterAll } from 'vitest'
import { removeTempDirs } from '../main/helpers/tempDirs'

afterAll(removeTempDirs)
