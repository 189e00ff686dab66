-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "mediaStats" JSONB;

-- CreateTable
CREATE TABLE "FlowWebhookSettings" (
    "accountId" TEXT NOT NULL,
    "signingSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FlowWebhookSettings_pkey" PRIMARY KEY ("accountId")
);
