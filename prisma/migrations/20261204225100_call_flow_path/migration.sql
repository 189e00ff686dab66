-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "flowId" TEXT,
ADD COLUMN     "flowPath" JSONB,
ADD COLUMN     "flowVersionId" TEXT;
